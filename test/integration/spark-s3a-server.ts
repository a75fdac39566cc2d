import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import { type IncomingMessage, request as httpRequest } from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { join, resolve } from "node:path";
import { freePort } from "./postgres-server";

/** What scripts/install-spark.sh installs into `.tools/`. */
const TOOLS = resolve(__dirname, "../../.tools");
/** The venv: pyspark 3.5.8 (Spark's jars and launcher scripts) and moto's S3 server. */
export const SPARK_VENV = join(TOOLS, "spark-venv");
/** The jars of `S3A_JARS` (constructs/addons/common/pinned-jars.ts), checked by SHA-256. */
export const S3A_JAR_DIR = join(TOOLS, "s3a-jars");
/** The JDK Spark runs on: 17, as in the apache/spark:3.5.8 image (eclipse-temurin:17-jammy). */
export const SPARK_JAVA_HOME = process.env.SPARK_JAVA_HOME ?? "/usr/lib/jvm/java-17-openjdk-amd64";

const INSTALL_HINT = "run `bash scripts/install-spark.sh` first";

/** Where the tools are, or an error saying what to run (the test fails with it; it never skips). */
export interface SparkInstall {
  /** `SPARK_HOME`: the pyspark package folder, holding `bin/` and `jars/`. */
  readonly sparkHome: string;
  /** The venv's Python (the driver's and the workers' PySpark). */
  readonly python: string;
  /** File names of Spark's own jars. */
  readonly sparkJars: ReadonlyArray<string>;
}

/** Finds the install of scripts/install-spark.sh; throws naming the script when anything is missing. */
export function sparkInstall(): SparkInstall {
  const python = join(SPARK_VENV, "bin", "python");
  const lib = join(SPARK_VENV, "lib");
  const site = existsSync(lib)
    ? readdirSync(lib)
        .filter((name) => name.startsWith("python"))
        .map((name) => join(lib, name, "site-packages", "pyspark"))
        .find((dir) => existsSync(join(dir, "bin", "spark-submit")))
    : undefined;
  if (!existsSync(python) || site === undefined || !existsSync(join(SPARK_VENV, "bin", "moto_server"))) {
    throw new Error(`Spark (pyspark) and moto are not installed in ${SPARK_VENV}: ${INSTALL_HINT}`);
  }
  if (!existsSync(S3A_JAR_DIR) || readdirSync(S3A_JAR_DIR).length === 0) {
    throw new Error(`the S3A jars are not in ${S3A_JAR_DIR}: ${INSTALL_HINT}`);
  }
  if (!existsSync(join(SPARK_JAVA_HOME, "bin", "java"))) {
    throw new Error(`no JDK at ${SPARK_JAVA_HOME} (set SPARK_JAVA_HOME to a Java 17 JDK)`);
  }
  return { sparkHome: site, python, sparkJars: readdirSync(join(site, "jars")) };
}

/** A self-signed certificate for 127.0.0.1 (the object store's TLS), made with openssl. */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** The PEM text (the CA bundle a ConfigMap would carry). */
  readonly pem: string;
}

/** Makes a one-day self-signed certificate whose subject alternative name is IP 127.0.0.1. */
export function selfSignedCertificate(dir: string): TestCertificate {
  const certFile = join(dir, "s3.crt");
  const keyFile = join(dir, "s3.key");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
      ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
      ...["-keyout", keyFile, "-out", certFile],
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile, pem: readFileSync(certFile, "utf8") };
}

/** A response of the S3 server. */
export interface S3Response {
  readonly status: number;
  readonly body: string;
}

/** An access key pair (what the object-store Secret holds). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const REGION = "us-east-1";
const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A request target (`/bucket/key?query`, as sent) in SigV4's canonical URI and query form. */
function canonicalTarget(target: string): [string, string] {
  const [path = "", query = ""] = target.split("?", 2);
  const uri = path
    .split("/")
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join("/");
  const params = query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const [key = "", value = ""] = pair.split("=", 2);
      return `${rfc3986(decodeURIComponent(key))}=${rfc3986(decodeURIComponent(value))}`;
    })
    .sort();
  return [uri, params.join("&")];
}

/** The AWS Signature Version 4 of an S3 request (docs.aws.amazon.com, "Create a signed AWS API request"). */
function signatureV4(
  method: string,
  target: string,
  headers: ReadonlyArray<readonly [string, string]>,
  amzDate: string,
  secretAccessKey: string,
): string {
  const [uri, query] = canonicalTarget(target);
  const canonicalHeaders = headers.map(([name, value]) => `${name}:${value.trim().replace(/\s+/g, " ")}\n`);
  const payload = headers.find(([name]) => name === "x-amz-content-sha256")?.[1] ?? "";
  const canonical = [
    method,
    uri,
    query,
    canonicalHeaders.join(""),
    headers.map(([n]) => n).join(";"),
    payload,
  ];
  const scope = `${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical.join("\n"))].join("\n");
  const key = [amzDate.slice(0, 8), REGION, "s3", "aws4_request"].reduce<Buffer | string>(
    (k, part) => hmac(k, part),
    `AWS4${secretAccessKey}`,
  );
  return createHmac("sha256", key).update(toSign).digest("hex");
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Why a request is not signed by `credentials` for S3 in {@link REGION}, or undefined when it is. */
function signatureProblem(req: IncomingMessage, credentials: AwsCredentials): string | undefined {
  const match = AUTHORIZATION.exec(req.headers.authorization ?? "");
  if (!match) return `no SigV4 Authorization header for s3/${REGION}: ${req.headers.authorization ?? "none"}`;
  const [, keyId, , region, signedHeaders = "", signature] = match;
  if (keyId !== credentials.accessKeyId || region !== REGION) return `signed by ${keyId} for ${region}`;
  const headers = signedHeaders.split(";").map((name) => [name, String(req.headers[name] ?? "")] as const);
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const expected = signatureV4(
    req.method ?? "",
    req.url ?? "",
    headers,
    amzDate,
    credentials.secretAccessKey,
  );
  return expected === signature ? undefined : "SignatureDoesNotMatch";
}

/**
 * The object store of the tests: moto's S3 server on a loopback port, behind a TLS front on another
 * that accepts only requests signed (SigV4, region us-east-1) with the access key it was given (moto
 * checks no signature), as S3 or MinIO would.
 */
export interface S3Server {
  /** `https://127.0.0.1:<port>` (the TLS front). */
  readonly endpoint: string;
  /** One request (path-style `/<bucket>/<key>`), signed with the server's key pair or `credentials`. */
  request(method: string, path: string, body?: string, credentials?: AwsCredentials): Promise<S3Response>;
  /** Every object of a bucket with its size (ListObjectsV2, one page: the tests write far fewer than 1000). */
  listObjects(bucket: string): Promise<Array<{ key: string; size: number }>>;
  /** Requests the front let through, and those it refused (with why). */
  readonly accepted: () => number;
  readonly refused: () => ReadonlyArray<string>;
  stop(): Promise<void>;
}

/** Starts moto's server from the venv and the TLS front with `cert`; waits until both answer. */
export async function startS3(
  cert: TestCertificate,
  credentials: AwsCredentials,
  logFile: string,
): Promise<S3Server> {
  const motoPort = await freePort();
  const out = openSync(logFile, "a");
  const moto: ChildProcess = spawn(
    join(SPARK_VENV, "bin", "moto_server"),
    ["-H", "127.0.0.1", "-p", String(motoPort)],
    { stdio: ["ignore", out, out] },
  );
  closeSync(out);
  let exited: number | null | undefined;
  moto.on("exit", (code) => (exited = code));

  let accepted = 0;
  const refused: string[] = [];
  const front = createHttpsServer({ cert: cert.pem, key: readFileSync(cert.keyFile) }, (req, res) => {
    const problem = signatureProblem(req, credentials);
    if (problem !== undefined) {
      refused.push(`${req.method} ${req.url}: ${problem}`);
      req.resume();
      res.writeHead(403, { "Content-Type": "application/xml" });
      res.end(`<Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`);
      return;
    }
    accepted += 1;
    // moto answers the body; the front already sent `100 Continue` (Node does for `Expect`).
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== "expect"));
    const upstream = httpRequest(
      { host: "127.0.0.1", port: motoPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => res.writeHead(502).end(String(error)));
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((listening) => front.listen(port, "127.0.0.1", listening));
  const endpoint = `https://127.0.0.1:${port}`;

  const request: S3Server["request"] = (method, path, body = "", signer = credentials) =>
    new Promise<S3Response>((resolveResponse, reject) => {
      const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
      const signed: Array<[string, string]> = [
        ["host", `127.0.0.1:${port}`],
        ["x-amz-content-sha256", sha256(body)],
        ["x-amz-date", amzDate],
      ];
      const signature = signatureV4(method, path, signed, amzDate, signer.secretAccessKey);
      const scope = `${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
      const req = httpsRequest(
        `${endpoint}${path}`,
        {
          method,
          ca: cert.pem,
          headers: {
            ...Object.fromEntries(signed),
            "Content-Length": Buffer.byteLength(body),
            Authorization: `AWS4-HMAC-SHA256 Credential=${signer.accessKeyId}/${scope}, SignedHeaders=${signed.map(([n]) => n).join(";")}, Signature=${signature}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolveResponse({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  const stop = async () => {
    await new Promise((closed) => front.close(closed));
    if (exited === undefined) {
      moto.kill("SIGTERM");
      const deadline = Date.now() + 10_000;
      while (exited === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (exited === undefined) moto.kill("SIGKILL");
    }
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined)
      throw new Error(`moto_server exited (${exited}):\n${readFileSync(logFile, "utf8")}`);
    if ((await request("GET", "/").catch(() => undefined))?.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer in 30 s:\n${readFileSync(logFile, "utf8")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    request,
    listObjects: async (bucket) => {
      const response = await request("GET", `/${bucket}?list-type=2`);
      if (response.status !== 200)
        throw new Error(`listing ${bucket}: HTTP ${response.status} ${response.body}`);
      return [...response.body.matchAll(/<Contents><Key>([^<]*)<\/Key>.*?<Size>(\d+)<\/Size>/g)].map((m) => ({
        key: m[1] as string,
        size: Number(m[2]),
      }));
    },
    accepted: () => accepted,
    refused: () => refused,
    stop,
  };
}

/** A finished process: exit code, output, duration. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The environment of Spark's launcher: this process's, without any Spark, Hadoop or AWS setting
 * that could put other jars or credentials in play, plus `env`.
 */
export function sparkEnv(install: SparkInstall, env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(SPARK_|HADOOP_|AWS_|PYSPARK_|PYTHONPATH$|CLASSPATH$)/.test(key),
    ),
  );
  return {
    ...inherited,
    JAVA_HOME: SPARK_JAVA_HOME,
    SPARK_HOME: install.sparkHome,
    PYSPARK_PYTHON: install.python,
    PYSPARK_DRIVER_PYTHON: install.python,
    // The driver binds to loopback only (without it Spark picks the machine's first interface).
    SPARK_LOCAL_IP: "127.0.0.1",
    ...env,
  };
}

/** Runs a program to its end (or kills it after `timeoutMs`), collecting its output. */
export function run(
  program: string,
  args: ReadonlyArray<string>,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolveRun) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        ms: Date.now() - started,
      });
    });
  });
}

/** `--conf key=value` pairs, in order. */
export const confArgs = (conf: Readonly<Record<string, string>>): string[] =>
  Object.entries(conf).flatMap(([key, value]) => ["--conf", `${key}=${value}`]);

/** A long-running process (the History Server), its log in a file. */
export interface Daemon {
  /** The end of its log. */
  logTail(lines?: number): string;
  /** Whether it has exited (and with what code). */
  exitCode(): number | null | undefined;
  stop(): Promise<void>;
}

/** Starts a program in the background, its output appended to `logFile`. */
export function startDaemon(
  program: string,
  args: ReadonlyArray<string>,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Daemon {
  const out = openSync(logFile, "a");
  const child = spawn(program, args, { env, stdio: ["ignore", out, out] });
  closeSync(out);
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  return {
    logTail: (lines = 60) => readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n"),
    exitCode: () => exited,
    stop: async () => {
      if (exited !== undefined) return;
      child.kill("SIGTERM");
      const deadline = Date.now() + 15_000;
      while (exited === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (exited === undefined) child.kill("SIGKILL");
    },
  };
}
