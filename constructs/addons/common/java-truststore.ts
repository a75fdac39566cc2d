import type { Container, Volume, VolumeMount } from "../../kubernetes/pod-spec";

/**
 * A CA bundle the platform's object store is signed by, published in each consumer's namespace as a
 * ConfigMap (certificates are public) under {@link CA_BUNDLE_KEY}.
 */
export interface CaBundleRef {
  /** ConfigMap in the consumer's namespace. */
  readonly configMapName: string;
}

/** Key of the PEM bundle in the CA ConfigMap. */
export const CA_BUNDLE_KEY = "ca.crt";
/** Where the PEM bundle is mounted in every consumer. */
export const CA_BUNDLE_DIR = "/etc/platform-ca";
/** The PEM bundle's path in every consumer (`AWS_CA_BUNDLE`, `SSL_CERT_FILE`). */
export const CA_BUNDLE_PATH = `${CA_BUNDLE_DIR}/${CA_BUNDLE_KEY}`;
/** Where the JVM truststore built from it is mounted. */
export const TRUSTSTORE_DIR = "/etc/platform-truststore";
/** The truststore: the JDK's own CAs plus the bundle's. */
export const TRUSTSTORE_PATH = `${TRUSTSTORE_DIR}/cacerts`;
/**
 * Store password of the JDK's `cacerts`: the JDK's published default, not a secret (a truststore
 * holds public certificates; the password only guards its integrity).
 */
const JDK_CACERTS_STOREPASS = "changeit";

/** Volume names used by {@link javaTruststore}. */
export const CA_VOLUME = "platform-ca";
export const TRUSTSTORE_VOLUME = "platform-truststore";

/**
 * The init-container script: copy the image's JDK `cacerts`, then import every certificate of the
 * PEM bundle (keytool takes one per file, so the bundle is split with shell builtins only: the
 * images differ in their tools). Fails when the bundle holds no certificate.
 */
export function truststoreScript(): string {
  return [
    "set -eu",
    `cp "$JAVA_HOME/lib/security/cacerts" ${TRUSTSTORE_PATH}`,
    `chmod 0644 ${TRUSTSTORE_PATH}`,
    'n=0; cert=""',
    'while IFS= read -r line || [ -n "$line" ]; do',
    '  case "$line" in *"-----BEGIN CERTIFICATE-----"*) cert="" ;; esac',
    '  cert="$cert$line',
    '"',
    '  case "$line" in *"-----END CERTIFICATE-----"*)',
    "    n=$((n + 1))",
    `    printf '%s' "$cert" > ${TRUSTSTORE_DIR}/ca-$n.pem`,
    `    keytool -importcert -noprompt -alias platform-ca-$n -file ${TRUSTSTORE_DIR}/ca-$n.pem -keystore ${TRUSTSTORE_PATH} -storepass ${JDK_CACERTS_STOREPASS}`,
    `    rm -f ${TRUSTSTORE_DIR}/ca-$n.pem ;;`,
    "  esac",
    `done < ${CA_BUNDLE_PATH}`,
    'if [ "$n" -eq 0 ]; then echo "no certificate in ' + CA_BUNDLE_PATH + '" >&2; exit 1; fi',
  ].join("\n");
}

/** What a JVM consumer adds to its pod to trust the bundle. */
export interface JavaTruststore {
  /** Init container (run from the consumer's own image: its JDK, its `keytool`). */
  readonly initContainer: Container;
  /** The ConfigMap and the emptyDir. */
  readonly volumes: ReadonlyArray<Volume>;
  /** Mounts of the main container (truststore read-only, bundle for non-JVM tools). */
  readonly volumeMounts: ReadonlyArray<VolumeMount>;
  /** JVM flags pointing at the truststore. */
  readonly javaOptions: string;
}

/**
 * How a JVM (Trino, Spark, the Hive Metastore) trusts the platform CA without a custom image: an
 * init container of the consumer's own image builds a truststore (JDK CAs + bundle) into an
 * emptyDir, and the JVM is pointed at it. No `verify: false`, no disabled hostname checks.
 */
export function javaTruststore(ca: CaBundleRef, image: string): JavaTruststore {
  return {
    initContainer: {
      name: "build-truststore",
      image,
      command: ["/bin/sh", "-c"],
      args: [truststoreScript()],
      volumeMounts: [
        { name: CA_VOLUME, mountPath: CA_BUNDLE_DIR, readOnly: true },
        { name: TRUSTSTORE_VOLUME, mountPath: TRUSTSTORE_DIR },
      ],
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
    volumes: [
      { name: CA_VOLUME, configMap: { name: ca.configMapName } },
      { name: TRUSTSTORE_VOLUME, emptyDir: { sizeLimit: "16Mi" } },
    ],
    volumeMounts: [
      { name: CA_VOLUME, mountPath: CA_BUNDLE_DIR, readOnly: true },
      { name: TRUSTSTORE_VOLUME, mountPath: TRUSTSTORE_DIR, readOnly: true },
    ],
    javaOptions: `-Djavax.net.ssl.trustStore=${TRUSTSTORE_PATH} -Djavax.net.ssl.trustStorePassword=${JDK_CACERTS_STOREPASS}`,
  };
}
