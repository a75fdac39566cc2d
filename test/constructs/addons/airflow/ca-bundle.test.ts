import { STANDARD_PROFILE } from "../../../../constructs/addons/common/size-profile";
import { DAG_SYNC_SCRIPT, dagSyncContainer } from "../../../../constructs/addons/airflow/dag-sync";
import { type AirflowValuesProps, airflowValues } from "../../../../constructs/addons/airflow/values";
import { airflowSchemaErrors } from "../../../helpers/airflow-schema";

type Env = { name: string; value?: string };
type Mount = { name: string; mountPath: string; readOnly?: boolean };
type Container = { name: string; env?: Env[]; volumeMounts?: Mount[] };
type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a chart's values tree, read by path

const CA = { configMapName: "platform-ca" };
/** Where the bundle is: the ConfigMap's key `ca.crt` in the mounted directory. */
const BUNDLE_DIR = "/etc/platform-ca";
const BUNDLE = `${BUNDLE_DIR}/ca.crt`;

function props(changes: Partial<AirflowValuesProps> = {}): AirflowValuesProps {
  return {
    profile: STANDARD_PROFILE,
    placement: {},
    taskPlacement: {},
    imageTag: "3.2.1",
    dagSyncIntervalSeconds: 60,
    staticCredentials: true,
    remoteLogFolder: "s3://airflow-logs/logs",
    login: { type: "generated-admin" },
    ...changes,
  };
}

const withCa = airflowValues(props({ caBundle: CA })) as Values;
const without = airflowValues(props()) as Values;

/** The DAG sync containers: the sidecar of each long-running component and the task pods' init container. */
function syncContainers(v: Values): Container[] {
  return [
    ...["scheduler", "dagProcessor", "triggerer", "apiServer"].flatMap(
      (c) => v[c].extraContainers as Container[],
    ),
    ...(v.workers.kubernetes.extraInitContainers as Container[]),
  ];
}

describe("Airflow with the platform CA", () => {
  it("validates against the chart's own values.schema.json", () => {
    expect(airflowSchemaErrors(withCa)).toEqual([]);
  });

  it("mounts the CA ConfigMap in every Airflow container through the chart's global keys", () => {
    expect(withCa.volumes).toEqual([{ name: "platform-ca", configMap: { name: "platform-ca" } }]);
    expect(withCa.volumeMounts).toEqual([{ name: "platform-ca", mountPath: BUNDLE_DIR, readOnly: true }]);
  });

  it("points botocore (remote task logs) at the bundle with AWS_CA_BUNDLE in every Airflow container", () => {
    expect(withCa.env).toEqual([{ name: "AWS_CA_BUNDLE", value: BUNDLE }]);
  });

  it("mounts the same volume at the same path in every DAG sync container, with AWS_CA_BUNDLE for the AWS CLI", () => {
    const sync = syncContainers(withCa);
    expect(sync).toHaveLength(5);
    for (const container of sync) {
      expect(container.volumeMounts).toContainEqual(withCa.volumeMounts[0]);
      expect(container.env).toContainEqual(withCa.env[0]);
    }
    // The global volume is the one the sync containers mount (they are in the same pods).
    expect(withCa.volumes.map((v: Mount) => v.name)).toContain(withCa.volumeMounts[0].name);
  });

  it("never turns verification off", () => {
    const text = JSON.stringify(withCa);
    expect(text).not.toMatch(/no-verify-ssl|"verify":\s*false|verify_ssl/i);
    expect(DAG_SYNC_SCRIPT).not.toMatch(/no-verify-ssl|--ca-bundle/);
  });

  it("adds nothing without a CA bundle", () => {
    for (const key of ["volumes", "volumeMounts", "env"]) expect(without).not.toHaveProperty(key);
    const sync = syncContainers(without);
    expect(sync).toHaveLength(5);
    for (const container of sync) {
      expect((container.env ?? []).map((e) => e.name)).not.toContain("AWS_CA_BUNDLE");
      expect((container.volumeMounts ?? []).map((m) => m.name)).not.toContain("platform-ca");
    }
  });

  it("changes nothing else", () => {
    const { volumes, volumeMounts, env, ...rest } = withCa;
    void [volumes, volumeMounts, env];
    const strip = (v: Values): Values =>
      JSON.parse(
        JSON.stringify(v)
          .replaceAll(/,?\{"name":"AWS_CA_BUNDLE"[^}]*\}/g, "")
          .replaceAll(/,?\{"name":"platform-ca"[^}]*\}/g, ""),
      ) as Values;
    expect(strip(rest)).toEqual(strip(without));
  });
});

describe("a DAG sync container", () => {
  const base = { profile: STANDARD_PROFILE, intervalSeconds: 60, staticCredentials: false };

  it("trusts the bundle when asked, and only then", () => {
    const trusting = dagSyncContainer("init", { ...base, caBundle: true }) as Container;
    expect(trusting.env).toContainEqual({ name: "AWS_CA_BUNDLE", value: BUNDLE });
    expect(trusting.volumeMounts).toContainEqual({
      name: "platform-ca",
      mountPath: BUNDLE_DIR,
      readOnly: true,
    });
    const plain = dagSyncContainer("init", base) as Container;
    expect(plain.env?.map((e) => e.name)).not.toContain("AWS_CA_BUNDLE");
    expect(plain.volumeMounts?.map((m) => m.name)).not.toContain("platform-ca");
  });
});
