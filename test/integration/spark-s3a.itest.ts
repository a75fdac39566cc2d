import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TRUSTSTORE_PATH, javaTruststore } from "../../constructs/addons/common/java-truststore";
import { S3A_JARS, jarFileName } from "../../constructs/addons/common/pinned-jars";
import {
  ACCESS_KEY_KEY,
  SECRET_KEY_KEY,
  type S3aTarget,
  s3aEnv,
  sparkS3aConf,
} from "../../constructs/addons/common/s3a";
import {
  EVENT_LOG_MARKER,
  EVENT_LOG_PREFIX,
  eventLogDirectory,
} from "../../constructs/addons/spark-history-server/log-directory";
import { historyServerConf, systemProperties } from "../../constructs/addons/spark-history-server/options";
import { freePort } from "./postgres-server";
import {
  type AwsCredentials,
  type ProcessResult,
  type S3Server,
  type SparkInstall,
  S3A_JAR_DIR,
  SPARK_JAVA_HOME,
  confArgs,
  run,
  selfSignedCertificate,
  sparkEnv,
  sparkInstall,
  startDaemon,
  startS3,
} from "./spark-s3a-server";

/**
 * Spark 3.5.8's own jars (pyspark's: Spark's Hadoop 3 build of the release whose
 * spark-3.5.8-bin-hadoop3.tgz the apache/spark:3.5.8 image unpacks, apache/spark-docker
 * 3.5.8/scala2.12-java17-ubuntu/Dockerfile) plus only the jars of S3A_JARS (hadoop-aws 3.3.4 and the
 * unbundled AWS SDK v1 modules, not aws-java-sdk-bundle), against a real S3 API: moto's server on
 * loopback, reached over TLS with a self-signed certificate trusted the way javaTruststore() does it
 * (the JDK's cacerts plus the CA, PKCS12). The S3A settings are
 * sparkS3aConf() of a MinIO-like target (path-style, a Secret's key pair as AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY, EnvironmentVariableCredentialsProvider); the History Server runs with
 * historyServerConf() and the SPARK_DAEMON_CLASSPATH / SPARK_HISTORY_OPTS its pod sets.
 *
 * moto checks no signature, so the S3 endpoint is a TLS front (spark-s3a-server.ts) that lets through
 * only requests signed (SigV4) with the key pair the Secret would hold: a job that succeeds has
 * signed every request with the key pair of its environment.
 * Tools come from scripts/install-spark.sh; without them every test fails naming the script.
 */

const WAREHOUSE = "spark-warehouse";
const EVENTS = "spark-events";
/** The event logs' directory as the platform sets it: a prefix, since a job's `spark.eventLog.dir` cannot be a bucket's root on Hadoop 3.3.4 (tested below). */
const EVENT_LOG_DIRECTORY = eventLogDirectory(EVENTS);
const TABLE = `s3a://${WAREHOUSE}/itest/numbers`;
const ROWS = 1000;
/** Each spark-submit: a JVM start, a SparkContext and a small job, on 2 shared cores. */
const SPARK_TIMEOUT_MS = 240_000;

/** The job: writes ROWS rows as Parquet, reads them back, prints one JSON line. */
const JOB = `
import json, sys
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("s3a-itest").getOrCreate()
path, rows = sys.argv[1], int(sys.argv[2])
spark.range(0, rows, numPartitions=4).selectExpr("id", "id % 7 AS k").write.mode("overwrite").parquet(path)
back = spark.read.parquet(path)
print("S3A-ITEST " + json.dumps({"app": spark.sparkContext.applicationId, "count": back.count(),
      "sum": back.groupBy().sum("id").collect()[0][0], "version": spark.version}), flush=True)
spark.stop()
`;

/** What the job printed, or an error carrying the end of Spark's log. */
function jobResult(result: ProcessResult): { app: string; count: number; sum: number; version: string } {
  const line = result.stdout.split("\n").find((l) => l.startsWith("S3A-ITEST "));
  if (result.code !== 0 || line === undefined) {
    throw new Error(
      `spark-submit exited ${result.code}:\n${result.stderr.split("\n").slice(-60).join("\n")}`,
    );
  }
  return JSON.parse(line.slice("S3A-ITEST ".length)) as ReturnType<typeof jobResult>;
}

describe("Spark 3.5.8 with the pinned S3A jars on a real S3 API (moto, TLS, SigV4 checked)", () => {
  let install: SparkInstall;
  let dir: string;
  let s3: S3Server;
  let target: S3aTarget;
  /** The pod's environment from s3aEnv(), the Secret's keys resolved as the kubelet would. */
  let credentials: Record<string, string>;
  let truststoreOptions: string;
  /** The object-store Secret's key pair: the only one the S3 front accepts. */
  const keys: AwsCredentials = {
    accessKeyId: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString("base64"),
  };
  let job: string;
  let appId: string | undefined;
  const timings: Record<string, number> = {};

  const s3aJars = () => readdirSync(S3A_JAR_DIR).map((name) => join(S3A_JAR_DIR, name));

  /** spark-submit --master local[2] of the job, with `conf` after the common settings. */
  const submit = (conf: Readonly<Record<string, string>>) =>
    run(
      join(install.sparkHome, "bin", "spark-submit"),
      [
        ...["--master", "local[2]"],
        ...confArgs({
          ...sparkS3aConf(target),
          "spark.eventLog.enabled": "true",
          "spark.eventLog.dir": EVENT_LOG_DIRECTORY,
          "spark.ui.enabled": "false",
          // The truststore as in the pods; C1 only: a short JVM's JIT time (test speed, no classpath effect).
          "spark.driver.extraJavaOptions": `${truststoreOptions} -XX:TieredStopAtLevel=1`,
          ...conf,
        }),
        job,
        TABLE,
        String(ROWS),
      ],
      sparkEnv(install, credentials),
      SPARK_TIMEOUT_MS,
    );

  beforeAll(async () => {
    install = sparkInstall();
    dir = mkdtempSync(join(tmpdir(), "spark-s3a-"));
    const cert = selfSignedCertificate(dir);
    // javaTruststore()'s init container: the JDK's cacerts plus the CA, flags pointing at it.
    const truststore = join(dir, "cacerts");
    copyFileSync(join(SPARK_JAVA_HOME, "lib", "security", "cacerts"), truststore);
    chmodSync(truststore, 0o644);
    execFileSync(
      join(SPARK_JAVA_HOME, "bin", "keytool"),
      [
        ...["-importcert", "-noprompt", "-alias", "platform-ca-1", "-file", cert.certFile],
        ...["-keystore", truststore, "-storepass", "changeit"],
      ],
      { stdio: "ignore" },
    );
    truststoreOptions = javaTruststore(
      { configMapName: "platform-ca" },
      "apache/spark:3.5.8",
    ).javaOptions.replace(TRUSTSTORE_PATH, truststore);
    s3 = await startS3(cert, keys, join(dir, "moto.log"));
    for (const bucket of [WAREHOUSE, EVENTS]) {
      expect((await s3.request("PUT", `/${bucket}`)).status).toBe(200);
    }
    // The marker the History Server's init container writes (`<prefix>/.keep`): Spark and the History
    // Server both refuse an event-log directory that does not exist, and S3 has no directories.
    expect((await s3.request("PUT", `/${EVENTS}/${EVENT_LOG_MARKER}`, "")).status).toBe(200);
    target = {
      endpoint: s3.endpoint,
      region: "us-east-1",
      pathStyleAccess: true,
      credentials: { type: "secret", secretName: "object-store" },
    };
    // The Secret's data, resolved as the kubelet resolves s3aEnv()'s secretKeyRefs.
    const secret: Record<string, string> = {
      [ACCESS_KEY_KEY]: keys.accessKeyId,
      [SECRET_KEY_KEY]: keys.secretAccessKey,
    };
    const env = s3aEnv(target);
    expect(env.map((e) => e.name)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    credentials = Object.fromEntries(
      env.map((e) => [e.name, secret[e.valueFrom?.secretKeyRef?.key ?? ""] ?? ""]),
    );
    job = join(dir, "job.py");
    writeFileSync(job, JOB);
  }, 60_000);

  afterAll(async () => {
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`Spark S3A integration timings: ${JSON.stringify(timings)}`);
  });

  it("runs Spark 3.5.8's own jars: the Hadoop 3.3.4 client hadoop-aws must match, no S3A, no AWS SDK", () => {
    expect(install.sparkJars).toEqual(
      expect.arrayContaining([
        "spark-core_2.12-3.5.8.jar",
        "hadoop-client-api-3.3.4.jar",
        "hadoop-client-runtime-3.3.4.jar",
      ]),
    );
    expect(install.sparkJars.filter((jar) => /^(hadoop-aws|aws-java-sdk|bundle-)/.test(jar))).toEqual([]);
  });

  it("has fetched exactly the jars of S3A_JARS, each with its pinned SHA-256", () => {
    expect(S3A_JARS).toHaveLength(7);
    expect(readdirSync(S3A_JAR_DIR).sort()).toEqual(S3A_JARS.map(jarFileName).sort());
    for (const jar of S3A_JARS) {
      const sha256 = createHash("sha256")
        .update(readFileSync(join(S3A_JAR_DIR, jarFileName(jar))))
        .digest("hex");
      expect({ jar: jarFileName(jar), sha256 }).toEqual({ jar: jarFileName(jar), sha256: jar.sha256 });
    }
  });

  it("refuses a request signed with another secret (the S3 front checks signatures, as S3 and MinIO do)", async () => {
    const forged = await s3.request("GET", `/${WAREHOUSE}?list-type=2`, undefined, {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: `${keys.secretAccessKey}x`,
    });
    expect(forged).toEqual({ status: 403, body: expect.stringMatching(/SignatureDoesNotMatch/) });
    expect((await s3.request("GET", `/${WAREHOUSE}?list-type=2`)).status).toBe(200);
  });

  it(
    "fails without the S3A jars: Spark alone has no S3AFileSystem (the control)",
    async () => {
      const result = await submit({});
      timings.withoutJarsMs = result.ms;
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(
        /ClassNotFoundException: Class org\.apache\.hadoop\.fs\.s3a\.S3AFileSystem not found/,
      );
    },
    SPARK_TIMEOUT_MS + 10_000,
  );

  it(
    "writes Parquet and its event log through S3A with only S3A_JARS added, and reads the table back",
    async () => {
      const classPath = s3aJars().join(":");
      const [accepted, refused] = [s3.accepted(), s3.refused().length];
      const result = await submit({
        "spark.driver.extraClassPath": classPath,
        "spark.executor.extraClassPath": classPath,
      });
      timings.jobMs = result.ms;
      // Every request of the job was signed with the key pair of AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
      expect(s3.refused().slice(refused)).toEqual([]);
      timings.jobRequests = s3.accepted() - accepted;
      expect(timings.jobRequests).toBeGreaterThan(10);
      const out = jobResult(result);
      expect(out).toMatchObject({ count: ROWS, sum: (ROWS * (ROWS - 1)) / 2, version: "3.5.8" });
      expect(result.stderr).not.toMatch(/NoClassDefFoundError|ClassNotFoundException/);
      appId = out.app;

      const table = await s3.listObjects(WAREHOUSE);
      const parts = table.filter((o) => /^itest\/numbers\/part-\d{5}-.*\.snappy\.parquet$/.test(o.key));
      expect(parts).toHaveLength(4);
      expect(parts.every((o) => o.size > 0)).toBe(true);
      expect(table.map((o) => o.key)).toContain("itest/numbers/_SUCCESS");
      expect(table.filter((o) => o.key.includes("_temporary"))).toEqual([]);

      // The log is renamed from `<app>.inprogress` when the application stops. The marker is a file, not
      // an empty-directory object, so S3A keeps it (it deletes directory markers on writing beneath them).
      expect((await s3.listObjects(EVENTS)).map((o) => o.key).sort()).toEqual(
        [EVENT_LOG_MARKER, `${EVENT_LOG_PREFIX}/${appId}`].sort(),
      );
      const log = await s3.request("GET", `/${EVENTS}/${EVENT_LOG_PREFIX}/${appId}`);
      expect(JSON.parse(log.body.split("\n")[0] ?? "")).toEqual({
        Event: "SparkListenerLogStart",
        "Spark Version": "3.5.8",
      });
      expect(log.body).toContain('"Event":"SparkListenerApplicationEnd"');
    },
    SPARK_TIMEOUT_MS + 10_000,
  );

  it(
    "cannot log events to a bucket's root: Spark strips the slash and Hadoop 3.3.4's S3Guard check refuses it",
    async () => {
      const classPath = s3aJars().join(":");
      const result = await submit({
        "spark.driver.extraClassPath": classPath,
        "spark.eventLog.dir": `s3a://${EVENTS}/`,
      });
      timings.bucketRootMs = result.ms;
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/IllegalArgumentException: path must be absolute/);
      expect(result.stderr).toMatch(
        /S3Guard\.putAndReturn[\s\S]*EventLogFileWriter\.requireLogBaseDirAsDirectory/,
      );
    },
    SPARK_TIMEOUT_MS + 10_000,
  );

  it(
    "runs the History Server with historyServerConf() and the S3A jars: it lists the application",
    async () => {
      expect(appId).toBeDefined();
      const port = await freePort();
      const t = Date.now();
      const server = startDaemon(
        join(install.sparkHome, "bin", "spark-class"),
        ["org.apache.spark.deploy.history.HistoryServer"],
        sparkEnv(install, {
          ...credentials,
          SPARK_DAEMON_MEMORY: "512m",
          SPARK_DAEMON_CLASSPATH: `${S3A_JAR_DIR}/*`,
          SPARK_DAEMON_JAVA_OPTS: `${truststoreOptions} -XX:TieredStopAtLevel=1`,
          SPARK_HISTORY_OPTS: systemProperties({
            ...historyServerConf({
              eventLogDirectory: EVENT_LOG_DIRECTORY,
              s3a: target,
              eventLogMaxAgeDays: 30,
            }),
            "spark.history.ui.port": String(port),
          }),
        }),
        join(dir, "history-server.log"),
      );
      try {
        let applications: Array<{ id: string; attempts: Array<{ completed: boolean }> }> = [];
        const deadline = Date.now() + SPARK_TIMEOUT_MS;
        while (!applications.some((a) => a.id === appId) && Date.now() < deadline) {
          if (server.exitCode() !== undefined) throw new Error(`History Server exited:\n${server.logTail()}`);
          try {
            const response = await fetch(`http://127.0.0.1:${port}/api/v1/applications`);
            if (response.ok) applications = (await response.json()) as typeof applications;
          } catch {
            // not listening yet
          }
          await new Promise((r) => setTimeout(r, 500));
        }
        timings.historyServerMs = Date.now() - t;
        expect(applications.find((a) => a.id === appId)).toMatchObject({ attempts: [{ completed: true }] });
        expect(server.logTail(100_000)).not.toMatch(/NoClassDefFoundError|ClassNotFoundException/);
      } finally {
        await server.stop();
      }
    },
    SPARK_TIMEOUT_MS + 30_000,
  );
});
