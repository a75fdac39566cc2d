import type { Container, EnvVar, Volume, VolumeMount } from "../../kubernetes/pod-spec";
import { CA_BUNDLE_DIR, CA_BUNDLE_PATH, CA_VOLUME, type CaBundleRef } from "../common/java-truststore";
import { s3aEnv, type S3aTarget } from "../common/s3a";
import { AWS_CLI_IMAGE } from "../postgres-bootstrap/bootstrap-job";

/** The prefix of the event-log bucket that jobs write to and the History Server reads. */
export const EVENT_LOG_PREFIX = "event-logs";
/**
 * The object that makes the prefix a directory for S3A: Hadoop 3.3's S3A refuses a bucket root as
 * an event-log directory ("path must be absolute"), and both Spark's writer and the History Server
 * refuse a directory that does not exist. A file, not an empty-directory marker, so S3A never deletes
 * it; its leading dot makes the History Server skip it.
 */
export const EVENT_LOG_MARKER = `${EVENT_LOG_PREFIX}/.keep`;

/** The event-log directory in a bucket, as Spark takes it. */
export const eventLogDirectory = (bucket: string): string => `s3a://${bucket}/${EVENT_LOG_PREFIX}/`;

const WORK_VOLUME = "log-directory-work";

/** What {@link logDirectoryContainer} adds to a pod. */
export interface LogDirectoryInit {
  readonly initContainer: Container;
  readonly volumes: ReadonlyArray<Volume>;
}

/**
 * An init container that writes {@link EVENT_LOG_MARKER} in the event-log bucket with the pinned AWS
 * CLI (idempotent: a put overwrites), with the pod's own identity (Pod Identity, IRSA, the node role,
 * or MinIO's key pair from its Secret) and, with a CA, `AWS_CA_BUNDLE`; path-style addressing when
 * the object store needs it. The History Server starts only once the directory exists.
 */
export function logDirectoryContainer(
  bucket: string,
  s3a: S3aTarget,
  ca: CaBundleRef | undefined,
  caVolumePresent: boolean,
): LogDirectoryInit {
  const env: EnvVar[] = [
    { name: "HOME", value: "/work" },
    { name: "AWS_CONFIG_FILE", value: "/work/config" },
    { name: "BUCKET", value: bucket },
    { name: "MARKER", value: EVENT_LOG_MARKER },
    { name: "ENDPOINT", value: s3a.endpoint },
    { name: "REGION", value: s3a.region },
    { name: "ADDRESSING_STYLE", value: s3a.pathStyleAccess ? "path" : "virtual" },
    ...(ca ? [{ name: "AWS_CA_BUNDLE", value: CA_BUNDLE_PATH }] : []),
    ...s3aEnv(s3a),
  ];
  const mounts: VolumeMount[] = [
    { name: WORK_VOLUME, mountPath: "/work" },
    ...(ca ? [{ name: CA_VOLUME, mountPath: CA_BUNDLE_DIR, readOnly: true }] : []),
  ];
  return {
    initContainer: {
      name: "create-log-directory",
      image: AWS_CLI_IMAGE,
      command: ["/bin/sh", "-c"],
      args: [
        [
          "set -eu",
          `printf '[default]\\nregion = %s\\ns3 =\\n  addressing_style = %s\\n' "$REGION" "$ADDRESSING_STYLE" > "$AWS_CONFIG_FILE"`,
          'aws s3api put-object --bucket "$BUCKET" --key "$MARKER" --endpoint-url "$ENDPOINT" > /dev/null',
        ].join("\n"),
      ],
      env,
      volumeMounts: mounts,
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      },
    },
    volumes: [
      { name: WORK_VOLUME, emptyDir: { sizeLimit: "16Mi" } },
      ...(ca && !caVolumePresent ? [{ name: CA_VOLUME, configMap: { name: ca.configMapName } }] : []),
    ],
  };
}
