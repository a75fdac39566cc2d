import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOOTSTRAP_SCRIPT } from "../../../../constructs/addons/postgres-bootstrap/bootstrap-job";

/** Runs the Job's entry point with sh, the secret file and psql replaced by a printer. */
function adminFrom(secretJson: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bootstrap-"));
  writeFileSync(join(dir, "secret.json"), secretJson);
  const script = BOOTSTRAP_SCRIPT.replace("/run/admin/secret.json", join(dir, "secret.json")).replace(
    /^exec psql.*$/m,
    'printf "%s|%s" "$PGUSER" "$PGPASSWORD"',
  );
  const result = spawnSync("sh", ["-c", script], { encoding: "utf8" });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe("the bootstrap Job's entry point", () => {
  it("takes the administrator from the RDS secret JSON, undoing JSON escapes", () => {
    // RDS-generated passwords have no quote, slash, @ or space; backslashes are JSON-escaped.
    expect(adminFrom('{"username":"postgres","password":"a\\\\b$c!d`e(f)g{h}%j&k*l;m<n>o?p|q~r#s"}')).toBe(
      "postgres|a\\b$c!d`e(f)g{h}%j&k*l;m<n>o?p|q~r#s",
    );
  });

  it("reads fields in any order and with spaces after the colon", () => {
    expect(adminFrom('{ "password": "Xy12", "engine": "postgres", "username": "platform_admin" }')).toBe(
      "platform_admin|Xy12",
    );
  });

  it("runs psql with ON_ERROR_STOP on the mounted SQL", () => {
    expect(BOOTSTRAP_SCRIPT).toMatch(/^exec psql -X -v ON_ERROR_STOP=1 -f \/bootstrap\/bootstrap\.sql$/m);
  });
});
