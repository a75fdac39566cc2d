import { type Placement, placementValues, type Toleration } from "../common/placement";
import { type ContainerResources, type SizeProfile, sized } from "../common/size-profile";
import { MINIO_IMAGE, MINIO_MC_IMAGE, MINIO_REGION, MINIO_RELEASE_NAME, MINIO_TLS_KEYS } from "./chart";

/** A bucket MinIO creates. */
export interface MinioBucket {
  /** Bucket name (S3 rules: 3–63 lower-case letters, digits, dots and hyphens). */
  readonly name: string;
  /** Keep every version of every object (off for scratch buckets such as Trino's exchange). */
  readonly versioning: boolean;
}

/** A MinIO user of one application, with one least-privilege policy. */
export interface MinioUser {
  /** User name (the access key), e.g. `trino`; also the policy's stem. */
  readonly name: string;
  /** Buckets it may use, nothing else: read and write unless listed in `readOnlyBuckets`. */
  readonly buckets: ReadonlyArray<string>;
  /**
   * Those of `buckets` it may only read (list and get).
   * @default none
   */
  readonly readOnlyBuckets?: ReadonlyArray<string>;
  /** Secret, in MinIO's namespace, that holds the user's secret key. */
  readonly secretName: string;
  /** Key of that Secret holding the secret key. */
  readonly secretKey: string;
}

/** Properties of {@link minioValues}. */
export interface MinioValuesProps {
  /** `small`: one standalone server; `standard`: a distributed MinIO. */
  readonly profile: SizeProfile;
  /** Where the servers and the post-install Job run. */
  readonly placement: Placement;
  /**
   * StorageClass of the volumes.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /** Secret with the root credentials (keys `rootUser` and `rootPassword`). */
  readonly rootSecretName: string;
  /** Buckets to create. */
  readonly buckets: ReadonlyArray<MinioBucket>;
  /** One user and one policy each. */
  readonly users: ReadonlyArray<MinioUser>;
  /**
   * Servers of the distributed MinIO (`standard` only; `small` runs one).
   * @default 4
   */
  readonly replicas?: number;
  /**
   * Volume of each server.
   * @default "100Gi" (standard), "10Gi" (small)
   */
  readonly volumeSize?: string;
  /**
   * kubernetes.io/tls Secret (keys {@link MINIO_TLS_KEYS}) MinIO serves HTTPS with.
   * @default none (HTTP)
   */
  readonly tlsSecretName?: string;
}

/** One statement of a MinIO (IAM-style) policy. */
export interface MinioPolicyStatement {
  readonly effect: "Allow";
  readonly resources: string[];
  readonly actions: string[];
}

/** A policy of the chart's `policies` list. */
export interface MinioPolicy {
  readonly name: string;
  readonly statements: MinioPolicyStatement[];
}

/** Resources of a post-install Job container. */
interface JobValues {
  readonly resources: ContainerResources;
}

/** The values of the minio chart this add-on sets (every key exists in the chart's values.yaml). */
export interface MinioValues {
  readonly image: { repository: string; tag: string; pullPolicy: "IfNotPresent" };
  readonly mcImage: { repository: string; tag: string; pullPolicy: "IfNotPresent" };
  readonly mode: "standalone" | "distributed";
  readonly replicas: number;
  readonly drivesPerNode: number;
  readonly pools: number;
  readonly existingSecret: string;
  readonly deploymentUpdate: { type: "Recreate" };
  readonly persistence: {
    enabled: true;
    accessMode: "ReadWriteOnce";
    size: string;
    storageClass?: string;
  };
  readonly resources: ContainerResources;
  readonly securityContext: Record<string, unknown>;
  readonly containerSecurityContext: Record<string, unknown>;
  readonly tls: { enabled: boolean; certSecret?: string; publicCrt?: string; privateKey?: string };
  readonly environment: Record<string, string>;
  readonly ingress: { enabled: false };
  readonly consoleIngress: { enabled: false };
  readonly podDisruptionBudget: { enabled: boolean; maxUnavailable?: number };
  readonly metrics: { serviceMonitor: { enabled: false; public: false } };
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: Toleration[];
  readonly topologySpreadConstraints?: Array<Record<string, unknown>>;
  readonly buckets: Array<{
    name: string;
    policy: "none";
    purge: false;
    versioning: boolean;
    objectlocking: false;
  }>;
  readonly policies: MinioPolicy[];
  readonly users: Array<{
    accessKey: string;
    existingSecret: string;
    existingSecretKey: string;
    policy: string;
  }>;
  readonly svcaccts: [];
  readonly postJob: {
    securityContext: Record<string, unknown>;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
  };
  readonly makePolicyJob: JobValues;
  readonly makeUserJob: JobValues;
  readonly makeBucketJob: JobValues;
  readonly makeServiceAccountJob: JobValues;
  readonly customCommandJob: JobValues;
}

/** Fewest servers of a distributed MinIO: erasure coding needs at least 4 drives. */
export const MIN_DISTRIBUTED_REPLICAS = 4;
/** Servers of the distributed MinIO unless told otherwise. */
export const DEFAULT_DISTRIBUTED_REPLICAS = 4;
/** Volume of each server in the standard profile unless told otherwise. */
export const DEFAULT_STANDARD_VOLUME_SIZE = "100Gi";
/** Volume of the standalone server of the small profile unless told otherwise. */
export const DEFAULT_SMALL_VOLUME_SIZE = "10Gi";
/** Drives per server: one volume each (more drives per server is for bare metal). */
const DRIVES_PER_NODE = 1;
/** Erasure sets MinIO can build: 2 to 16 drives; the project wants 4 at least (parity that survives a server). */
const ERASURE_SET_SIZES = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
/** The user and group the chart's pods run as. */
const MINIO_UID = 1000;

/** What the MinIO server asks for in the standard profile; the chart's default (16Gi of memory) is for dedicated nodes. */
const SERVER_RESOURCES: ContainerResources = {
  requests: { cpu: "500m", memory: "2Gi" },
  limits: { cpu: "2", memory: "8Gi" },
};
/**
 * What each `mc` container asks for, the chart's post-install Job's and the provisioning Job's (the
 * limit leaves `mc` room even divided by 20).
 */
export const MC_JOB_RESOURCES: ContainerResources = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "1Gi" },
};

/** Actions on the bucket itself: find it, list it, list its multipart uploads. No bucket creation or deletion. */
export const BUCKET_ACTIONS: ReadonlyArray<string> = [
  "s3:GetBucketLocation",
  "s3:ListBucket",
  "s3:ListBucketMultipartUploads",
];
/** Actions on the objects of a bucket: read, write, delete, and multipart uploads (Trino's exchange, large files). */
export const OBJECT_ACTIONS: ReadonlyArray<string> = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
];

/** Name of the policy of user `user`. */
export function minioPolicyName(user: string): string {
  return `${user}-readwrite`;
}

/** Actions on the objects of a bucket a user may only read. */
export const READ_OBJECT_ACTIONS: ReadonlyArray<string> = ["s3:GetObject"];

/**
 * The least-privilege policy of a user: its buckets and their objects (read-only ones get and list
 * only), no other bucket, no admin action.
 */
export function minioPolicy(user: Pick<MinioUser, "name" | "buckets" | "readOnlyBuckets">): MinioPolicy {
  const readOnly = new Set(user.readOnlyBuckets ?? []);
  const arn = (bucket: string) => `arn:aws:s3:::${bucket}`;
  const writable = user.buckets.filter((bucket) => !readOnly.has(bucket));
  const readable = user.buckets.filter((bucket) => readOnly.has(bucket));
  return {
    name: minioPolicyName(user.name),
    statements: [
      { effect: "Allow", resources: user.buckets.map(arn), actions: [...BUCKET_ACTIONS] },
      ...(writable.length > 0
        ? [
            {
              effect: "Allow" as const,
              resources: writable.map((b) => `${arn(b)}/*`),
              actions: [...OBJECT_ACTIONS],
            },
          ]
        : []),
      ...(readable.length > 0
        ? [
            {
              effect: "Allow" as const,
              resources: readable.map((b) => `${arn(b)}/*`),
              actions: [...READ_OBJECT_ACTIONS],
            },
          ]
        : []),
    ],
  };
}

function podSecurityContext(): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: MINIO_UID,
    runAsGroup: MINIO_UID,
    fsGroup: MINIO_UID,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/**
 * The values of the minio chart: the pinned images, `standalone` in the `small` profile and
 * `distributed` otherwise, volumes on the StorageClass, root credentials and user secret keys
 * referred to by Secret name (never a value), one least-privilege policy per user, no ingress,
 * non-root pods, every request and limit through {@link sized}. Pure: no cdktf.
 */
export function minioValues(props: MinioValuesProps): MinioValues {
  const small = props.profile.name === "small";
  const replicas = small ? 1 : (props.replicas ?? DEFAULT_DISTRIBUTED_REPLICAS);
  // Fresh objects each time: a shared one would be serialised as a YAML anchor and alias.
  const job = (): JobValues => ({ resources: structuredClone(sized(props.profile, MC_JOB_RESOURCES)) });
  const tls = props.tlsSecretName
    ? {
        enabled: true,
        certSecret: props.tlsSecretName,
        publicCrt: MINIO_TLS_KEYS.certificate,
        privateKey: MINIO_TLS_KEYS.privateKey,
      }
    : { enabled: false };
  return {
    image: { ...MINIO_IMAGE, pullPolicy: "IfNotPresent" },
    mcImage: { ...MINIO_MC_IMAGE, pullPolicy: "IfNotPresent" },
    mode: small ? "standalone" : "distributed",
    replicas,
    drivesPerNode: DRIVES_PER_NODE,
    pools: 1,
    existingSecret: props.rootSecretName,
    // One server on one ReadWriteOnce volume: the old pod must stop before the new one mounts it.
    deploymentUpdate: { type: "Recreate" },
    persistence: {
      enabled: true,
      accessMode: "ReadWriteOnce",
      size: props.volumeSize ?? (small ? DEFAULT_SMALL_VOLUME_SIZE : DEFAULT_STANDARD_VOLUME_SIZE),
      ...(props.storageClassName ? { storageClass: props.storageClassName } : {}),
    },
    resources: structuredClone(sized(props.profile, SERVER_RESOURCES)),
    securityContext: { enabled: true, ...podSecurityContext(), fsGroupChangePolicy: "OnRootMismatch" },
    // MinIO creates its certificate directories at start: the root filesystem stays writable.
    containerSecurityContext: {
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    },
    tls,
    environment: { MINIO_SITE_REGION: MINIO_REGION },
    ingress: { enabled: false },
    consoleIngress: { enabled: false },
    podDisruptionBudget: small ? { enabled: false } : { enabled: true, maxUnavailable: 1 },
    // Metrics stay behind authentication (the chart makes them public by default).
    metrics: { serviceMonitor: { enabled: false, public: false } },
    ...structuredClone(placementValues(props.placement)),
    ...(small
      ? {}
      : {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: { app: "minio", release: MINIO_RELEASE_NAME } },
            },
          ],
        }),
    buckets: props.buckets.map((bucket) => ({
      name: bucket.name,
      policy: "none",
      purge: false,
      versioning: bucket.versioning,
      objectlocking: false,
    })),
    policies: props.users.map(minioPolicy),
    // Always set: the chart's default creates a `console` user with a literal password and consoleAdmin.
    users: props.users.map((user) => ({
      accessKey: user.name,
      existingSecret: user.secretName,
      existingSecretKey: user.secretKey,
      policy: minioPolicyName(user.name),
    })),
    svcaccts: [],
    // The chart writes postJob's nodeSelector only when the top-level one is set: both get the placement.
    postJob: {
      securityContext: { enabled: true, ...podSecurityContext() },
      ...structuredClone(placementValues(props.placement)),
    },
    makePolicyJob: job(),
    makeUserJob: job(),
    makeBucketJob: job(),
    makeServiceAccountJob: job(),
    customCommandJob: job(),
  };
}

/**
 * The values with the chart's provisioning turned off: no `buckets`, `users` or `policies`, so chart
 * 5.4.0's post-job.yaml (rendered only `if or .Values.buckets .Values.users .Values.policies
 * .Values.customCommands .Values.svcaccts`; `svcaccts` is always empty and `customCommands` unset)
 * renders no Job. `users` stays an empty list, which replaces the chart's default console user.
 */
export function withoutChartProvisioning(values: MinioValues): MinioValues {
  return { ...values, buckets: [], policies: [], users: [] };
}

const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const USER_NAME = /^[a-z][a-z0-9-]{2,31}$/;
const QUANTITY = /^[1-9]\d*(?:Mi|Gi|Ti)$/;
const BUCKET_ARN = /^arn:aws:s3:::([^/]+)(?:\/\*)?$/;

function duplicates(items: ReadonlyArray<string>): string[] {
  return [...new Set(items.filter((item, index) => items.indexOf(item) !== index))];
}

/**
 * What is wrong with MinIO values, one message per problem: a distributed MinIO of fewer than 4
 * servers or whose drives make no erasure set of 4 to 16, a bucket named badly or twice, a user named
 * badly or twice, a policy that names a bucket not created or grants a wildcard or admin action, a user
 * without its policy, a literal root or user secret.
 */
export function minioValuesProblems(values: MinioValues): string[] {
  const problems: string[] = [];
  if (values.mode === "distributed") {
    const drives = values.replicas * values.drivesPerNode * values.pools;
    if (!Number.isInteger(values.replicas) || values.replicas < MIN_DISTRIBUTED_REPLICAS) {
      problems.push(
        `replicas: expected an integer of at least ${MIN_DISTRIBUTED_REPLICAS} in distributed mode (erasure coding needs ${MIN_DISTRIBUTED_REPLICAS} drives or more), received ${values.replicas}`,
      );
    } else if (!ERASURE_SET_SIZES.some((size) => drives % size === 0)) {
      problems.push(
        `replicas: ${values.replicas} servers × ${values.drivesPerNode} drive(s) make no erasure set of 4 to 16 drives; expected a drive count divisible by one of 4 to 16 (17, 19, 23, 29, 31 are not)`,
      );
    }
  }
  if (!QUANTITY.test(values.persistence.size)) {
    problems.push(`persistence.size: expected a size such as 100Gi, received "${values.persistence.size}"`);
  }
  const buckets = values.buckets.map((bucket) => bucket.name);
  const badBuckets = buckets.filter((name) => !BUCKET_NAME.test(name));
  if (badBuckets.length > 0) {
    problems.push(
      `buckets: expected S3 bucket names (3-63 lower-case letters, digits, dots and hyphens), received ${JSON.stringify(badBuckets)}`,
    );
  }
  const twiceBuckets = duplicates(buckets);
  if (twiceBuckets.length > 0)
    problems.push(`buckets: each bucket once, received twice ${JSON.stringify(twiceBuckets)}`);
  const users = values.users.map((user) => user.accessKey);
  const badUsers = users.filter((name) => !USER_NAME.test(name));
  if (badUsers.length > 0) {
    problems.push(
      `users: expected names of 3-32 lower-case letters, digits and hyphens starting with a letter, received ${JSON.stringify(badUsers)}`,
    );
  }
  const twiceUsers = duplicates(users);
  if (twiceUsers.length > 0)
    problems.push(`users: each user once, received twice ${JSON.stringify(twiceUsers)}`);
  const literal = values.users
    .filter((user) => "secretKey" in user || !user.existingSecret)
    .map((u) => u.accessKey);
  if (literal.length > 0) {
    problems.push(
      `users: expected each secret key from existingSecret, received a literal for ${JSON.stringify(literal)}`,
    );
  }
  const policyNames = new Set(values.policies.map((policy) => policy.name));
  const unpoliced = values.users
    .filter((user) => !policyNames.has(user.policy))
    .map((user) => user.accessKey);
  if (unpoliced.length > 0) {
    problems.push(`users: expected each user's policy among policies, none for ${JSON.stringify(unpoliced)}`);
  }
  for (const policy of values.policies) {
    const resources = policy.statements.flatMap((statement) => statement.resources);
    const named = resources.map((arn) => BUCKET_ARN.exec(arn)?.[1]);
    const notArns = resources.filter((_, index) => named[index] === undefined);
    if (notArns.length > 0) {
      problems.push(
        `policy ${policy.name}: expected resources arn:aws:s3:::<bucket> or arn:aws:s3:::<bucket>/*, received ${JSON.stringify(notArns)}`,
      );
    }
    const missing = [...new Set(named.filter((name): name is string => !!name && !buckets.includes(name)))];
    if (missing.length > 0) {
      problems.push(
        `policy ${policy.name}: names buckets that are not created: ${JSON.stringify(missing)} (created: ${JSON.stringify(buckets)})`,
      );
    }
    if (resources.length === 0)
      problems.push(`policy ${policy.name}: expected at least one bucket, received none`);
    const broad = policy.statements
      .flatMap((statement) => statement.actions)
      .filter((action) => action.includes("*") || action.startsWith("admin:"));
    if (broad.length > 0) {
      problems.push(
        `policy ${policy.name}: expected named s3 actions only, received ${JSON.stringify(broad)}`,
      );
    }
  }
  const root = values as unknown as Record<string, unknown>;
  if (root.rootUser || root.rootPassword || !values.existingSecret) {
    problems.push("rootUser/rootPassword: expected the root credentials from existingSecret only");
  }
  return problems;
}
