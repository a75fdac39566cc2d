import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Properties, propertiesFile } from "../../constructs/addons/trino/catalog";
import { freePort } from "./postgres-server";

/** Where scripts/install-trino.sh puts the server (a symlink to `.tools/trino-<version>`). */
export const TRINO_HOME = resolve(__dirname, "../../.tools/trino-current");
/** The JDK Trino runs on (Trino 476+ needs Java 24 or newer). */
export const TRINO_JAVA_HOME = process.env.TRINO_JAVA_HOME ?? "/usr/lib/jvm/temurin-25-jdk-amd64";

/** What a single-node Trino (coordinator and worker in one) is started with. */
export interface TrinoServerOptions {
  /** Catalog files by catalog name. */
  readonly catalogs: Readonly<Record<string, Properties>>;
  /** Properties added to `config.properties` (after the node's own). */
  readonly config?: Properties;
  /** `exchange-manager.properties`, when fault-tolerant execution is on. */
  readonly exchangeManager?: Properties;
  /** A password file (`user:bcrypt-hash` lines): turns PASSWORD authentication on. */
  readonly passwordFile?: string;
  /** Environment of the server (the Secrets the chart turns into environment variables). */
  readonly env?: Readonly<Record<string, string>>;
  /** Largest heap. */
  readonly heap?: string;
  /**
   * Start a worker (`coordinator=false`) that announces itself to this coordinator URL, instead of a
   * node that is coordinator and worker.
   * @default a coordinator that also runs tasks
   */
  readonly workerOf?: string;
  /**
   * File system access control rules (`access-control.name=file`), as the chart writes them on
   * workers for graceful shutdown.
   * @default Trino's default access control
   */
  readonly accessControlRules?: string;
}

/** How a request authenticates. */
export interface Caller {
  readonly user: string;
  /** Basic authentication with this password. */
  readonly password?: string;
  /** `X-Forwarded-Proto: https`, as a TLS-terminating proxy sends it. */
  readonly forwardedHttps?: boolean;
}

/** A query's result. */
export interface QueryResult {
  /** The query id (`/v1/query/<id>` has its full info). */
  readonly id: string;
  readonly columns: string[];
  readonly rows: unknown[][];
}

/** A Trino server started on loopback for one test file. */
export interface TrinoServer {
  readonly port: number;
  /** `nodeVersion.version` of /v1/info. */
  readonly version: string;
  /** Milliseconds from spawning the launcher to /v1/info reporting `starting: false`. */
  readonly startupMs: number;
  /** Runs one statement through the HTTP protocol (POST /v1/statement, then nextUri); throws on a query error. */
  query(sql: string, caller: Caller): Promise<QueryResult>;
  /** A raw request to the server (status and body), for authentication checks. */
  request(
    path: string,
    init: { method?: string; body?: string; caller: Caller },
  ): Promise<{ status: number; body: string }>;
  /** The end of the server log. */
  logTail(lines?: number): string;
  /** Resolves with the exit code when the server process ends. */
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

function headers(caller: Caller): Record<string, string> {
  return {
    "X-Trino-User": caller.user,
    ...(caller.password !== undefined
      ? { Authorization: `Basic ${Buffer.from(`${caller.user}:${caller.password}`).toString("base64")}` }
      : {}),
    ...(caller.forwardedHttps
      ? { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "trino.example.com" }
      : {}),
  };
}

/**
 * A bcrypt hash of `password` in the format of Terraform's `random_password.bcrypt_hash` (Go's
 * bcrypt: `$2a$`, cost 10), computed with the bcrypt library Trino's password-file plugin bundles.
 */
export function bcryptHash(password: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bcrypt-"));
  const source = join(dir, "Hash.java");
  writeFileSync(
    source,
    `public class Hash { public static void main(String[] a) {
       System.out.print(at.favre.lib.crypto.bcrypt.BCrypt.with(at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2A)
         .hashToString(10, System.getenv("PLAIN").toCharArray())); } }`,
  );
  try {
    return execFileSync(
      join(TRINO_JAVA_HOME, "bin", "java"),
      ["-cp", join(TRINO_HOME, "plugin", "password-authenticators", "*"), source],
      { encoding: "utf8", env: { ...process.env, PLAIN: password } },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts Trino from `.tools/trino-current` with the JDK at {@link TRINO_JAVA_HOME}: one node that
 * is coordinator and worker, on 127.0.0.1 only, in a temporary folder. Fails (never skips) with
 * what to do when the server is not installed or does not start.
 */
export async function startTrino(options: TrinoServerOptions): Promise<TrinoServer> {
  if (!existsSync(join(TRINO_HOME, "bin", "launcher"))) {
    throw new Error(`Trino is not installed in ${TRINO_HOME}: run \`bash scripts/install-trino.sh\` first`);
  }
  if (!existsSync(join(TRINO_JAVA_HOME, "bin", "java"))) {
    throw new Error(`no JDK at ${TRINO_JAVA_HOME} (set TRINO_JAVA_HOME to a Java 24+ JDK)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "trino-it-"));
  const etc = join(dir, "etc");
  mkdirSync(join(etc, "catalog"), { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(etc, "node.properties"),
    propertiesFile({
      "node.environment": "itest",
      "node.id": `itest-${randomBytes(4).toString("hex")}`,
      "node.data-dir": join(dir, "data"),
    }),
  );
  writeFileSync(
    join(etc, "jvm.config"),
    [
      "-server",
      `-Xmx${options.heap ?? "1G"}`,
      "-XX:+UseG1GC",
      "-XX:+ExitOnOutOfMemoryError",
      "-Djdk.attach.allowAttachSelf=true",
      "-XX:+EnableDynamicAgentLoading",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(etc, "config.properties"),
    propertiesFile({
      ...(options.workerOf
        ? { coordinator: "false" }
        : { coordinator: "true", "node-scheduler.include-coordinator": "true" }),
      "http-server.http.port": String(port),
      "discovery.uri": options.workerOf ?? `http://127.0.0.1:${port}`,
      "query.max-memory": "256MB",
      "query.max-memory-per-node": "256MB",
      ...(options.passwordFile ? { "http-server.authentication.type": "PASSWORD" } : {}),
      ...(options.config ?? {}),
    }),
  );
  if (options.passwordFile) {
    writeFileSync(join(etc, "password.db"), options.passwordFile);
    writeFileSync(
      join(etc, "password-authenticator.properties"),
      propertiesFile({
        "password-authenticator.name": "file",
        "file.password-file": join(etc, "password.db"),
      }),
    );
  }
  if (options.accessControlRules) {
    writeFileSync(join(etc, "rules.json"), options.accessControlRules);
    writeFileSync(
      join(etc, "access-control.properties"),
      propertiesFile({ "access-control.name": "file", "security.config-file": join(etc, "rules.json") }),
    );
  }
  if (options.exchangeManager) {
    writeFileSync(join(etc, "exchange-manager.properties"), propertiesFile(options.exchangeManager));
  }
  for (const [name, properties] of Object.entries(options.catalogs)) {
    writeFileSync(join(etc, "catalog", `${name}.properties`), propertiesFile(properties));
  }
  const log = join(dir, "server.log");
  const out = openSync(log, "a");
  const started = Date.now();
  const child: ChildProcess = spawn(
    join(realpathSync(TRINO_HOME), "bin", "launcher"),
    ["run", `--etc-dir=${etc}`, `--data-dir=${join(dir, "data")}`],
    {
      env: {
        ...process.env,
        ...(options.env ?? {}),
        JAVA_HOME: TRINO_JAVA_HOME,
        PATH: `${join(TRINO_JAVA_HOME, "bin")}:${process.env.PATH ?? ""}`,
      },
      stdio: ["ignore", out, out],
    },
  );
  closeSync(out);
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  const logTail = (lines = 40) => readFileSync(log, "utf8").split("\n").slice(-lines).join("\n");
  const base = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (exited === undefined) {
      child.kill("SIGTERM");
      const deadline = Date.now() + 30_000;
      while (exited === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (exited === undefined) child.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };

  let version: string | undefined;
  while (version === undefined) {
    if (exited !== undefined) {
      const tail = logTail();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Trino exited (${exited}) while starting:\n${tail}`);
    }
    if (Date.now() - started > 180_000) {
      await stop();
      throw new Error(`Trino did not start in 180 s:\n${logTail()}`);
    }
    try {
      const info = (await (await fetch(`${base}/v1/info`)).json()) as {
        starting: boolean;
        nodeVersion: { version: string };
      };
      if (!info.starting) {
        version = info.nodeVersion.version;
        continue;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const startupMs = Date.now() - started;

  const request: TrinoServer["request"] = async (path, init) => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? "GET",
      headers: headers(init.caller),
      body: init.body,
    });
    return { status: response.status, body: await response.text() };
  };

  const query: TrinoServer["query"] = async (sql, caller) => {
    const columns: string[] = [];
    const rows: unknown[][] = [];
    let response = await request("/v1/statement", { method: "POST", body: sql, caller });
    for (;;) {
      if (response.status !== 200) throw new Error(`${sql}: HTTP ${response.status} ${response.body}`);
      const page = JSON.parse(response.body) as {
        id: string;
        nextUri?: string;
        columns?: Array<{ name: string }>;
        data?: unknown[][];
        error?: { message: string; errorName: string };
      };
      if (page.error) throw new Error(`${sql}: ${page.error.errorName}: ${page.error.message}`);
      if (page.columns && columns.length === 0) columns.push(...page.columns.map((c) => c.name));
      if (page.data) rows.push(...page.data);
      if (!page.nextUri) return { id: page.id, columns, rows };
      // Behind a proxy (X-Forwarded-*), nextUri names the proxy: follow its path on this server, as the proxy would.
      const next = new URL(page.nextUri);
      response = await request(`${next.pathname}${next.search}`, { caller });
    }
  };

  const whenExited = () =>
    new Promise<number | null>((resolveExit) => {
      if (exited !== undefined) resolveExit(exited);
      else child.once("exit", (code) => resolveExit(code));
    });

  return { port, version, startupMs, query, request, logTail, exited: whenExited, stop };
}
