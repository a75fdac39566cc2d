import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Who connects, with what password, to which database. */
export interface Login {
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** A PostgreSQL server of this machine's packages, started on loopback for one test file. */
export interface PostgresServer {
  readonly port: number;
  readonly version: string;
  /** Runs SQL (a file or a command) with psql as `user` in `database`; returns its output, throws on any error. */
  psql(login: Login, args: ReadonlyArray<string>, env?: Record<string, string>): string;
  /** Like {@link psql}, but returns the exit status and standard error instead of throwing. */
  tryPsql(login: Login, args: ReadonlyArray<string>): { status: number; stderr: string };
  /** The superuser's password (generated for this run). */
  readonly superuserPassword: string;
  stop(): void;
}

/** Where Debian puts the server binaries (`/usr/lib/postgresql/<major>/bin`), newest first. */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error(
      "PostgreSQL is not installed (no /usr/lib/postgresql/<major>/bin/initdb): install the Debian package " +
        "`postgresql` (.ci/run does), then run `npm run test:integration` again",
    );
  }
  return join(root, majors[0], "bin");
}

/** A free TCP port on loopback (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Starts a fresh cluster (initdb in a temporary folder, SCRAM passwords on 127.0.0.1 only). initdb
 * and the server refuse to run as root, so as root they run as the `postgres` user of the package.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "pg-it-"));
  const data = join(dir, "data");
  const superuserPassword = randomBytes(18).toString("base64url");
  const pwfile = join(dir, "pw");
  writeFileSync(pwfile, `${superuserPassword}\n`);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (program: string, args: string[]) => {
    const command = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(bin, program), ...args]]
      : [join(bin, program), args];
    const result = spawnSync(command[0] as string, command[1] as string[], { encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
    return result.stdout;
  };
  run("initdb", [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=scram-sha-256",
    `--pwfile=${pwfile}`,
    "-E",
    "UTF8",
    "--no-locale",
  ]);
  const port = await freePort();
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    join(dir, "server.log"),
    "-w",
    "-o",
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir}`,
    "start",
  ]);
  const version = run("postgres", ["--version"]).trim();

  const psqlArgs = ({ user, database }: Login, args: ReadonlyArray<string>) => [
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "-U",
    user,
    "-d",
    database,
    "-X",
    "-v",
    "ON_ERROR_STOP=1",
    "-At",
    ...args,
  ];
  return {
    port,
    version,
    superuserPassword,
    psql(login, args, env = {}) {
      return execFileSync(join(bin, "psql"), psqlArgs(login, args), {
        encoding: "utf8",
        env: { ...process.env, ...env, PGPASSWORD: login.password },
        stdio: ["ignore", "pipe", "pipe"],
      });
    },
    tryPsql(login, args) {
      const result = spawnSync(join(bin, "psql"), psqlArgs(login, args), {
        encoding: "utf8",
        env: { ...process.env, PGPASSWORD: login.password },
      });
      return { status: result.status ?? 1, stderr: result.stderr };
    },
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
