import type { Container, Volume, VolumeMount } from "../../kubernetes/pod-spec";
import { type CaBundleRef, javaTruststore } from "../common/java-truststore";
import { TRINO_IMAGE } from "./chart";

/** What a CA bundle adds to one Trino role (coordinator or worker) in the chart's values. */
export interface TrinoRoleTruststore {
  /** `<role>.additionalVolumes`: the CA ConfigMap and the truststore's emptyDir. */
  readonly additionalVolumes: Volume[];
  /** `<role>.additionalVolumeMounts` of the `trino` container. */
  readonly additionalVolumeMounts: VolumeMount[];
  /** `<role>.additionalJVMConfig`: one JVM option per line of `jvm.config`. */
  readonly additionalJVMConfig: string[];
}

/** What a CA bundle adds to the trino chart's values. */
export interface TrinoTruststoreValues {
  /** `initContainers.coordinator` and `initContainers.worker`: the truststore builder. */
  readonly initContainers: { readonly coordinator: Container[]; readonly worker: Container[] };
  readonly coordinator: TrinoRoleTruststore;
  readonly worker: TrinoRoleTruststore;
}

/** The image the values pin, which the init container runs too (its JDK, its `keytool`). */
export const TRINO_IMAGE_REFERENCE = `${TRINO_IMAGE.repository}:${TRINO_IMAGE.tag}`;

function role(ca: CaBundleRef): TrinoRoleTruststore {
  const store = javaTruststore(ca, TRINO_IMAGE_REFERENCE);
  return {
    additionalVolumes: structuredClone([...store.volumes]),
    additionalVolumeMounts: structuredClone([...store.volumeMounts]),
    // jvm.config takes one option per line (the chart writes each list item on its own line).
    additionalJVMConfig: store.javaOptions.split(/\s+/),
  };
}

/**
 * How Trino's JVMs trust the platform CA (the object store's certificate): on the coordinator and
 * on every worker, an init container of the Trino image builds a truststore (the JDK's CAs plus
 * the bundle's) into an emptyDir, mounted read-only by the `trino` container, whose JVM reads it
 * through `-Djavax.net.ssl.trustStore…` (the AWS SDK of Trino's S3 file system and of the exchange
 * uses the JVM's default trust). Chart 1.42.2 keys: `initContainers.<role>`,
 * `<role>.additionalVolumes`, `<role>.additionalVolumeMounts`, `<role>.additionalJVMConfig`.
 * The Trino image has `/bin/sh` (its `run-trino` is a bash script) and `JAVA_HOME` set to a full
 * JDK with `keytool` on the PATH (trinodb/trino core/docker/Dockerfile). Fresh objects per role:
 * a shared one would be written as a YAML anchor.
 */
export function trinoTruststoreValues(ca: CaBundleRef): TrinoTruststoreValues {
  const init = () => structuredClone(javaTruststore(ca, TRINO_IMAGE_REFERENCE).initContainer);
  return {
    initContainers: { coordinator: [init()], worker: [init()] },
    coordinator: role(ca),
    worker: role(ca),
  };
}
