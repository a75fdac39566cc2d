import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STANDARD_PROFILE } from "../../../../constructs/addons/common/size-profile";
import { DAG_SYNC_SCRIPT, dagSyncContainer } from "../../../../constructs/addons/airflow/dag-sync";

/**
 * Runs the sync script with `sh` (as the container does) against a stub `aws` that records its
 * arguments and the config file it was given.
 */
function run(mode: "once" | "loop", env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "dag-sync-"));
  const log = join(dir, "calls");
  const aws = join(dir, "aws");
  writeFileSync(
    aws,
    `#!/bin/sh\necho "$*" >> ${log}\n[ -n "\${AWS_CONFIG_FILE:-}" ] && cat "$AWS_CONFIG_FILE" >> ${log}\nexit \${STUB_EXIT:-0}\n`,
  );
  chmodSync(aws, 0o755);
  // The loop is stopped by `sleep` failing: the stub PATH has a sleep that kills the shell.
  writeFileSync(join(dir, "sleep"), `#!/bin/sh\nkill -TERM $PPID\n`);
  chmodSync(join(dir, "sleep"), 0o755);
  const script = DAG_SYNC_SCRIPT.replaceAll("/tmp/aws-config", join(dir, "aws-config"));
  const result = spawnSync("sh", ["-c", script, "dag-sync", mode], {
    encoding: "utf8",
    env: { PATH: `${dir}:/usr/bin:/bin`, SYNC_INTERVAL: "1", DAGS_BUCKET: "dags-bucket", ...env },
  });
  const calls = existsSync(log) ? readFileSync(log, "utf8") : "";
  return { status: result.status, signal: result.signal, stderr: result.stderr, calls };
}

describe("DAG sync script", () => {
  it("once: mirrors the bucket's dags/ prefix into the DAGs folder, deleting what the bucket no longer has", () => {
    const r = run("once", { OBJECT_STORE_PATH_STYLE: "false" });
    expect(r.status).toBe(0);
    expect(r.calls.split("\n")[0]).toBe(
      "s3 sync --delete --no-progress --only-show-errors s3://dags-bucket/dags/ /opt/airflow/dags/",
    );
    expect(r.calls).not.toContain("addressing_style");
  });

  it("once: fails when the sync fails, so a task pod does not start without its DAGs", () => {
    expect(run("once", { OBJECT_STORE_PATH_STYLE: "false", STUB_EXIT: "1" }).status).not.toBe(0);
  });

  it("uses path-style addressing for MinIO through the CLI's config file", () => {
    expect(run("once", { OBJECT_STORE_PATH_STYLE: "true" }).calls).toContain(
      "s3 =\n  addressing_style = path",
    );
  });

  it("loop: survives a failed round and says so", () => {
    const r = run("loop", { OBJECT_STORE_PATH_STYLE: "false", STUB_EXIT: "1" });
    expect(r.signal).toBe("SIGTERM");
    expect(r.stderr).toContain("DAG sync failed; next try in 1 seconds");
  });

  it("refuses an interval below one second", () => {
    const props = { profile: STANDARD_PROFILE, staticCredentials: false };
    expect(() => dagSyncContainer("sidecar", { ...props, intervalSeconds: 0 })).toThrow(
      /DAG sync interval must be a whole number of seconds of at least 1, received 0/,
    );
    expect(() => dagSyncContainer("sidecar", { ...props, intervalSeconds: -5 })).toThrow(/received -5/);
  });
});
