/**
 * `SparkApplication` manifests (sparkoperator.k8s.io/v1beta2, kubeflow/spark-operator v2.5.2) as
 * plain objects, refused at synth for what the operator's webhook, its spark-submit or Spark would
 * refuse at run time. Pure: no cdktf; the stack writes the object with a manifest resource.
 */
import type { IConstruct } from "constructs";
import { ValidationError } from "../../core/validation-error";
import { imageProblem } from "../../guardrails/pinned-versions";
import { LABEL_KEY, LABEL_VALUE } from "../karpenter/manifest-rules";
import { sparkMemoryMiB } from "./application-footprint";
import { sparkPodSpec, sparkPodsIssues, type SparkPodsInput } from "./application-pod";
import { SPARK_JOBS_NAMESPACE, SPARK_SERVICE_ACCOUNT } from "./chart";

/** What happens when a run fails: nothing (`Never`), or up to `retries` new attempts. */
export type SparkRestartPolicy =
  | { readonly type: "Never" }
  | {
      readonly type: "OnFailure";
      /** Runs retried after the first fails (`onFailureRetries`), at least 1. */
      readonly retries: number;
      /** Seconds between runs (`onFailureRetryInterval`). @default the operator's, 5 */
      readonly retryIntervalSeconds?: number;
      /** Failed submissions retried (`onSubmissionFailureRetries`). @default retries */
      readonly submissionRetries?: number;
    };

/** A Spark batch job run by the operator. */
export interface SparkApplicationInput extends SparkPodsInput {
  /** Name: a DNS-1035 label of at most 63 characters (the webhook's rule; the driver pod is `<name>-driver`). */
  readonly name: string;
  /**
   * Namespace the operator watches.
   * @default SPARK_JOBS_NAMESPACE ("spark")
   */
  readonly namespace?: string;
  /** Image of the driver and executors, pinned by tag or digest (pulled IfNotPresent). */
  readonly image: string;
  /** Spark version of the image (`3.5.8`). */
  readonly sparkVersion: string;
  /** Main class (Scala, Java: required, spark-submit would otherwise open the jar); none for Python. @default none */
  readonly mainClass?: string;
  /** The jar or `.py` in the object store: `s3a://bucket/key`. */
  readonly mainApplicationFile: string;
  /**
   * Extra jars already in the image (`local:///opt/spark/extra/x.jar`); object-store jars are refused.
   * @default none
   */
  readonly jars?: ReadonlyArray<string>;
  /** Arguments of the main class or script. @default none */
  readonly arguments?: ReadonlyArray<string>;
  /** Service account of the driver and executors. @default SPARK_SERVICE_ACCOUNT ("spark") */
  readonly serviceAccount?: string;
  /** Labels of the resource, which the operator also puts on the driver and executors. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** What happens when a run fails. @default { type: "Never" } */
  readonly restartPolicy?: SparkRestartPolicy;
  /**
   * Seconds a finished application is kept before the operator deletes it, or `"keep"` for an
   * application Terraform manages: deleted by the operator, it would be created (and run) again by
   * the next apply. Runs of a ScheduledSparkApplication are the operator's own: they can expire.
   * @default 86400
   */
  readonly timeToLiveSeconds?: number | "keep";
}

/** API version of the operator's resources. */
export const SPARK_OPERATOR_API_VERSION = "sparkoperator.k8s.io/v1beta2";
/** Longest SparkApplication name: a DNS-1035 label (webhook `validateName`). */
export const MAX_APPLICATION_NAME_LENGTH = 63;
/** Pull policy of the driver and executors. */
export const SPARK_IMAGE_PULL_POLICY = "IfNotPresent";
const DEFAULT_TIME_TO_LIVE_SECONDS = 86_400;
const NEVER: SparkRestartPolicy = { type: "Never" };

/** A DNS-1035 label: what the webhook requires of names (`IsDNS1035Label`). */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SPARK_VERSION = /^\d+\.\d+\.\d+$/;
const JAVA_CLASS = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
/** `s3a://bucket/key`: an S3 bucket name and a key of URI-safe characters, no glob, no empty segment. */
const S3A_URI =
  /^s3a:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[A-Za-z0-9!_.()=+@,-]+(\/[A-Za-z0-9!_.()=+@,-]+)*$/;
const LOCAL_JAR = /^local:\/\/\/[A-Za-z0-9/_.+=@,-]+\.jar$/;
const ASSEMBLY_JAR_HINT =
  "spark-submit in the operator resolves dependency URIs through Hadoop's FileSystem (SparkSubmit " +
  "resolveGlobPaths) and its image has no S3A: ship one assembly (uber) jar as mainApplicationFile";

/** Keys the webhook refuses (sparkconf_validator.go), and the one it requires to equal the namespace. */
const OPERATOR_KEYS = [
  "spark.master",
  "spark.kubernetes.driver.master",
  "spark.kubernetes.namespace",
  "spark.kubernetes.container.image",
  "spark.kubernetes.driver.container.image",
  "spark.kubernetes.executor.container.image",
  "spark.kubernetes.authenticate.driver.serviceAccountName",
  "spark.kubernetes.authenticate.executor.serviceAccountName",
];
/** Keys set from typed fields (the typed field wins: its --conf comes later on the command line). */
const TYPED_KEYS: Readonly<Record<string, string>> = {
  "spark.app.name": "name",
  "spark.driver.cores": "driver.cores",
  "spark.driver.memory": "driver.memory",
  "spark.driver.memoryOverhead": "driver.memoryOverhead",
  "spark.kubernetes.driver.request.cores": "driver.cores",
  "spark.kubernetes.driver.limit.cores": "driver.coreLimit",
  "spark.executor.cores": "executor.cores",
  "spark.executor.memory": "executor.memory",
  "spark.executor.memoryOverhead": "executor.memoryOverhead",
  "spark.executor.instances": "executor.instances",
  "spark.kubernetes.executor.request.cores": "executor.cores",
  "spark.kubernetes.executor.limit.cores": "executor.coreLimit",
  "spark.kubernetes.container.image.pullPolicy": "(always IfNotPresent)",
  "spark.kubernetes.driver.pod.name": "name",
};
/** Dependency lists spark-submit resolves in the operator pod (SparkSubmitArguments, SparkSubmit). */
const SUBMIT_RESOLVED_KEYS = [
  "spark.jars",
  "spark.jars.packages",
  "spark.files",
  "spark.submit.pyFiles",
  "spark.archives",
];
const CREDENTIAL_KEY = /(password|secret\.key|access\.key|session\.token|oauthtoken(file)?)$/i;
const FACTOR_KEYS = [
  "spark.kubernetes.memoryOverheadFactor",
  "spark.driver.memoryOverheadFactor",
  "spark.executor.memoryOverheadFactor",
];

function sparkConfIssues(conf: Readonly<Record<string, string>>): string[] {
  const issues: string[] = [];
  for (const [key, value] of Object.entries(conf)) {
    const at = `sparkConf["${key}"]`;
    if (!key.startsWith("spark.")) issues.push(`${at}: not a Spark property (spark-submit ignores it)`);
    else if (OPERATOR_KEYS.includes(key)) issues.push(`${at}: set by the operator from the resource`);
    else if (TYPED_KEYS[key]) issues.push(`${at}: set it with ${TYPED_KEYS[key]}`);
    else if (key.toLowerCase().startsWith("spark.dynamicallocation."))
      issues.push(`${at}: set it with executor.dynamicAllocation`);
    else if (SUBMIT_RESOLVED_KEYS.includes(key)) issues.push(`${at}: refused: ${ASSEMBLY_JAR_HINT}`);
    else if (CREDENTIAL_KEY.test(key))
      issues.push(
        `${at}: credentials come from a Secret through env (valueFrom.secretKeyRef), never from sparkConf`,
      );
    else if (FACTOR_KEYS.includes(key) && !(Number(value) > 0))
      issues.push(`${at}: expected a positive number such as 0.2, received "${value}"`);
  }
  const sizes: Array<[string, "m" | "b"]> = [
    ["spark.executor.pyspark.memory", "m"],
    ["spark.memory.offHeap.size", "b"],
  ];
  for (const [key, unit] of sizes) {
    const value = conf[key];
    if (value === undefined) continue;
    let mib = Number.NaN;
    try {
      mib = sparkMemoryMiB(value, unit);
    } catch {
      issues.push(`sparkConf["${key}"]: expected a Spark size such as 512m, received "${value}"`);
    }
    if (
      key === "spark.memory.offHeap.size" &&
      mib === 0 &&
      /^true$/i.test(conf["spark.memory.offHeap.enabled"] ?? "")
    )
      issues.push(`sparkConf["${key}"]: must be at least 1m when spark.memory.offHeap.enabled is true`);
  }
  return issues;
}

function restartIssues(policy: SparkRestartPolicy): string[] {
  if (policy.type === "Never") return [];
  const whole = (n: number | undefined, min: number) => n === undefined || (Number.isInteger(n) && n >= min);
  const issues: string[] = [];
  if (!(Number.isInteger(policy.retries) && policy.retries >= 1))
    issues.push(`restartPolicy.retries: expected a whole number of at least 1, received ${policy.retries}`);
  if (!whole(policy.retryIntervalSeconds, 1))
    issues.push(
      `restartPolicy.retryIntervalSeconds: expected whole seconds, at least 1, received ${policy.retryIntervalSeconds}`,
    );
  if (!whole(policy.submissionRetries, 0))
    issues.push(
      `restartPolicy.submissionRetries: expected a whole number, received ${policy.submissionRetries}`,
    );
  return issues;
}

/** Every reason the operator, spark-submit or Spark would refuse the application; empty when none. */
export function sparkApplicationIssues(
  input: SparkApplicationInput,
  maxNameLength = MAX_APPLICATION_NAME_LENGTH,
): string[] {
  const issues: string[] = [];
  const add = (cond: boolean, message: string) => cond && issues.push(message);
  const namespace = input.namespace ?? SPARK_JOBS_NAMESPACE;
  const account = input.serviceAccount ?? SPARK_SERVICE_ACCOUNT;
  add(
    !DNS_1035_LABEL.test(input.name) || input.name.length > maxNameLength,
    `name: expected a DNS-1035 label (lower-case letter first) of at most ${maxNameLength} characters, received "${input.name}"`,
  );
  add(
    !DNS_1123_LABEL.test(namespace) || namespace.length > 63,
    `namespace: expected a DNS-1123 label, received "${namespace}"`,
  );
  add(
    !DNS_SUBDOMAIN.test(account) || account.length > 253,
    `serviceAccount: expected a DNS-1123 subdomain, received "${account}"`,
  );
  const pin = imageProblem(input.image);
  add(pin !== undefined, `image: "${input.image}" ${pin}: pin an exact tag or a digest`);
  add(
    !SPARK_VERSION.test(input.sparkVersion),
    `sparkVersion: expected a release such as 3.5.8, received "${input.sparkVersion}"`,
  );
  const file = input.mainApplicationFile;
  const python = input.type === "Python";
  add(
    !S3A_URI.test(file),
    `mainApplicationFile: expected s3a://bucket/key (no glob, no empty segment), received "${file}"`,
  );
  add(
    python && !file.endsWith(".py"),
    `mainApplicationFile: a Python application runs a .py file, received "${file}"`,
  );
  add(
    !python && !file.endsWith(".jar"),
    `mainApplicationFile: a ${input.type} application runs a .jar, received "${file}"`,
  );
  add(
    python && input.mainClass !== undefined,
    `mainClass: a Python application has none, received "${input.mainClass}"`,
  );
  add(
    !python && (input.mainClass === undefined || !JAVA_CLASS.test(input.mainClass)),
    `mainClass: a ${input.type} application needs its fully qualified main class (spark-submit cannot read the jar's manifest from s3a://), received ${JSON.stringify(input.mainClass)}`,
  );
  (input.jars ?? []).forEach((jar) => {
    if (jar.startsWith("s3a://")) issues.push(`jars: "${jar}" refused: ${ASSEMBLY_JAR_HINT}`);
    else
      add(!LOCAL_JAR.test(jar), `jars: expected a jar in the image, local:///path/x.jar, received "${jar}"`);
  });
  Object.entries(input.labels ?? {}).forEach(([key, value]) => {
    add(!LABEL_KEY.test(key) || key.length > 316, `labels: "${key}" is not a label key`);
    add(key.startsWith("sparkoperator.k8s.io/"), `labels: "${key}" is in the operator's own domain`);
    add(value.length > 63 || !LABEL_VALUE.test(value), `labels.${key}: "${value}" is not a label value`);
  });
  const ttl = input.timeToLiveSeconds ?? DEFAULT_TIME_TO_LIVE_SECONDS;
  add(
    ttl !== "keep" && (!Number.isInteger(ttl) || ttl < 1),
    `timeToLiveSeconds: expected whole seconds, at least 1, received ${ttl}`,
  );
  return [
    ...issues,
    ...sparkConfIssues(input.sparkConf ?? {}),
    ...restartIssues(input.restartPolicy ?? NEVER),
    ...sparkPodsIssues(input),
  ];
}

/** Throws every issue at once: a ValidationError with the construct path when given `scope`. */
export function refuse(what: string, issues: ReadonlyArray<string>, scope?: IConstruct): void {
  if (issues.length === 0) return;
  const message = `${what} is invalid:\n  ${issues.join("\n  ")}`;
  throw scope ? new ValidationError(message, scope) : new Error(message);
}

function restartPolicySpec(policy: SparkRestartPolicy): Record<string, unknown> {
  if (policy.type === "Never") return { type: "Never" };
  return {
    type: "OnFailure",
    onFailureRetries: policy.retries,
    onSubmissionFailureRetries: policy.submissionRetries ?? policy.retries,
    ...(policy.retryIntervalSeconds !== undefined
      ? { onFailureRetryInterval: policy.retryIntervalSeconds }
      : {}),
  };
}

/** The `spec` of a SparkApplication (also a ScheduledSparkApplication's `template`); validate first. */
export function sparkApplicationSpec(input: SparkApplicationInput): Record<string, unknown> {
  const account = input.serviceAccount ?? SPARK_SERVICE_ACCOUNT;
  const dynamic = input.executor.dynamicAllocation;
  const optional = {
    mainClass: input.mainClass,
    arguments: input.arguments?.length ? [...input.arguments] : undefined,
    sparkConf:
      input.sparkConf && Object.keys(input.sparkConf).length > 0 ? { ...input.sparkConf } : undefined,
    deps: input.jars?.length ? { jars: [...input.jars] } : undefined,
    volumes: input.volumes?.length ? (JSON.parse(JSON.stringify(input.volumes)) as unknown[]) : undefined,
    dynamicAllocation: dynamic ? { enabled: true, ...dynamic } : undefined,
  };
  const executor = sparkPodSpec(input, "executor", account);
  return {
    type: input.type,
    mode: "cluster",
    image: input.image,
    imagePullPolicy: SPARK_IMAGE_PULL_POLICY,
    sparkVersion: input.sparkVersion,
    mainApplicationFile: input.mainApplicationFile,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    driver: sparkPodSpec(input, "driver", account),
    executor: dynamic ? executor : { ...executor, instances: input.executor.instances },
    restartPolicy: restartPolicySpec(input.restartPolicy ?? NEVER),
    ...(input.timeToLiveSeconds === "keep"
      ? {}
      : { timeToLiveSeconds: input.timeToLiveSeconds ?? DEFAULT_TIME_TO_LIVE_SECONDS }),
  };
}

/** `metadata` of an operator resource: name, namespace and the labels if any. */
export function sparkMetadata(input: SparkApplicationInput): Record<string, unknown> {
  const labels = input.labels && Object.keys(input.labels).length > 0 ? { labels: { ...input.labels } } : {};
  return { name: input.name, namespace: input.namespace ?? SPARK_JOBS_NAMESPACE, ...labels };
}

/**
 * The `SparkApplication` custom resource of `input`. Throws every {@link sparkApplicationIssues} at
 * once: a ValidationError carrying the construct path when `scope` is given, else an Error.
 */
export function sparkApplicationManifest(
  input: SparkApplicationInput,
  scope?: IConstruct,
): Record<string, unknown> {
  refuse(`SparkApplication "${input.name}"`, sparkApplicationIssues(input), scope);
  return {
    apiVersion: SPARK_OPERATOR_API_VERSION,
    kind: "SparkApplication",
    metadata: sparkMetadata(input),
    spec: sparkApplicationSpec(input),
  };
}
