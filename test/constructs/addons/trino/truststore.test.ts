import { javaTruststore } from "../../../../constructs/addons/common/java-truststore";
import { trinoValues } from "../../../../constructs/addons/trino/values";
import { unknownValuesKeys } from "../../../helpers/chart-values";
import { schemaFile } from "../../../helpers/crd-validation";
import { BASE, MINIO_STORE, at } from "./fixtures";

type Json = Record<string, unknown>;
type Mount = { name: string; mountPath: string; readOnly?: boolean };
type Volume = { name: string; configMap?: { name: string }; emptyDir?: unknown };
type Container = { name: string; image: string; command: string[]; args: string[]; volumeMounts: Mount[] };

const CA = { configMapName: "platform-ca" };
const TLS_STORE = { ...MINIO_STORE, endpoint: "https://minio.minio.svc:9000" };
const withCa = trinoValues({ ...BASE, objectStore: TLS_STORE, caBundle: CA });
const without = trinoValues({ ...BASE, objectStore: TLS_STORE });
const ROLES = ["coordinator", "worker"] as const;

/** The value of a `-D<name>=<value>` line of a role's additionalJVMConfig. */
function jvmProperty(values: Json, role: string, name: string): string | undefined {
  const lines = (at(values, `${role}.additionalJVMConfig`) ?? []) as string[];
  return lines.find((line) => line.startsWith(`-D${name}=`))?.slice(`-D${name}=`.length);
}

describe("Trino with the platform CA", () => {
  it("uses only keys of the chart's values.yaml", () => {
    expect(unknownValuesKeys(withCa, schemaFile("trino", "values.yaml"))).toEqual([]);
  });

  it.each(ROLES)("%s: one init container of the pinned Trino image builds the truststore", (role) => {
    const init = at(withCa, `initContainers.${role}`) as Container[];
    expect(init).toHaveLength(1);
    const image = withCa.image as { repository: string; tag: string };
    expect(init[0].image).toBe(`${image.repository}:${image.tag}`);
    expect(init[0].image).toBe("trinodb/trino:480");
    expect(init[0].command).toEqual(["/bin/sh", "-c"]);
    expect(init[0].args).toHaveLength(1);
    expect(init[0].args[0]).toContain('"$JAVA_HOME/lib/security/cacerts"');
    expect(init[0].args[0]).toContain("keytool -importcert");
  });

  it.each(ROLES)("%s: the ConfigMap and the truststore's emptyDir are volumes of the pod", (role) => {
    const volumes = at(withCa, `${role}.additionalVolumes`) as Volume[];
    expect(volumes).toHaveLength(2);
    expect(volumes).toContainEqual({ name: "platform-ca", configMap: { name: "platform-ca" } });
    expect(volumes.find((v) => v.name !== "platform-ca")?.emptyDir).toBeDefined();
  });

  it.each(ROLES)(
    "%s: the JVM reads the truststore the init container writes, at the same path, read-only",
    (role) => {
      const trustStore = jvmProperty(withCa, role, "javax.net.ssl.trustStore");
      expect(trustStore).toBe("/etc/platform-truststore/cacerts");
      const volumes = (at(withCa, `${role}.additionalVolumes`) as Volume[]).map((v) => v.name);
      const init = (at(withCa, `initContainers.${role}`) as Container[])[0];
      // The directory holding the truststore, in the init container (written) and in Trino (read).
      const dirOf = (mounts: Mount[]) => mounts.find((m) => trustStore!.startsWith(`${m.mountPath}/`));
      const written = dirOf(init.volumeMounts)!;
      const read = dirOf(at(withCa, `${role}.additionalVolumeMounts`) as Mount[])!;
      expect(written).toBeDefined();
      expect(read).toMatchObject({ name: written.name, mountPath: written.mountPath, readOnly: true });
      expect(written.readOnly).not.toBe(true);
      expect(volumes).toContain(written.name);
      // The bundle the script reads is mounted in the init container from the ConfigMap's volume.
      expect(init.volumeMounts).toContainEqual({
        name: "platform-ca",
        mountPath: "/etc/platform-ca",
        readOnly: true,
      });
      expect(init.args[0]).toContain("done < /etc/platform-ca/ca.crt");
      expect(jvmProperty(withCa, role, "javax.net.ssl.trustStorePassword")).toBeDefined();
    },
  );

  it.each(ROLES)("%s: writes the truststore's JVM options one per jvm.config line", (role) => {
    const lines = at(withCa, `${role}.additionalJVMConfig`) as string[];
    const options = javaTruststore(CA, "trinodb/trino:480").javaOptions;
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.join(" ")).toBe(options);
    for (const line of lines) expect(line).toMatch(/^-D[\w.]+=\S+$/);
  });

  it("gives each role its own objects (no YAML anchors between coordinator and worker)", () => {
    expect(at(withCa, "coordinator.additionalVolumes")).not.toBe(at(withCa, "worker.additionalVolumes"));
    expect(at(withCa, "initContainers.coordinator")).not.toBe(at(withCa, "initContainers.worker"));
  });

  it("adds nothing without a CA bundle", () => {
    expect(without).not.toHaveProperty("initContainers");
    for (const role of ROLES) {
      for (const key of ["additionalVolumes", "additionalVolumeMounts", "additionalJVMConfig"]) {
        expect(at(without, `${role}.${key}`)).toBeUndefined();
      }
    }
  });

  it("keeps everything else as without the CA", () => {
    const strip = (values: Json) => {
      const { initContainers, coordinator, worker, ...rest } = values as Json & {
        coordinator: Json;
        worker: Json;
      };
      void initContainers;
      const role = ({ additionalVolumes, additionalVolumeMounts, additionalJVMConfig, ...r }: Json) => {
        void [additionalVolumes, additionalVolumeMounts, additionalJVMConfig];
        return r;
      };
      return { ...rest, coordinator: role(coordinator), worker: role(worker) };
    };
    expect(strip(withCa)).toEqual(strip(without));
  });
});
