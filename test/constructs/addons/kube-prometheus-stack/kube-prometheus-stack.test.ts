import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import type { Placement } from "../../../../constructs/addons/common/placement";
import type { SizeProfile } from "../../../../constructs/addons/common/size-profile";
import {
  KUBE_PROMETHEUS_STACK_CHART,
  MONITORING_NAMESPACE,
  NODE_EXPORTER_NAMESPACE,
  PROMETHEUS_RELEASE_NAME,
  prometheusUrl,
} from "../../../../constructs/addons/kube-prometheus-stack/chart";
import {
  KubePrometheusStack,
  type KubePrometheusStackProps,
} from "../../../../constructs/addons/kube-prometheus-stack/kube-prometheus-stack";
import {
  kubePrometheusStackValues,
  type KubePrometheusStackValuesProps,
} from "../../../../constructs/addons/kube-prometheus-stack/values";
import { loadChartValues, unknownValuesKeys } from "../../../helpers/chart-values";
import { schemaFile, schemasDir } from "../../../helpers/crd-validation";
import { expectDividedBy20, resourceBlocks } from "../../../helpers/sized-values";
import { onlyResource } from "../../../helpers/synth";

const STANDARD: SizeProfile = { name: "standard" };
const SMALL: SizeProfile = { name: "small", divisor: 20 };
const PROFILES: ReadonlyArray<[string, SizeProfile]> = [
  ["standard", STANDARD],
  ["small", SMALL],
];
const SYSTEM: Placement = {
  nodeSelector: { "node.dataplatform.io/pool": "system" },
  tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
};
const PLACEMENTS: ReadonlyArray<[string, Placement]> = [
  ["the system nodes", SYSTEM],
  ["no node assumption", {}],
];
const BASE: KubePrometheusStackValuesProps = {
  profile: STANDARD,
  placement: SYSTEM,
  nodeExporterNamespace: NODE_EXPORTER_NAMESPACE,
};
/** Everything on: Grafana, a volume, a managed control plane. */
const FULL: KubePrometheusStackValuesProps = {
  ...BASE,
  grafana: true,
  storageClassName: "gp3",
  managedControlPlane: true,
};
const CASES = PROFILES.flatMap(([p, profile]) =>
  PLACEMENTS.flatMap(([w, placement]) =>
    [false, true].map(
      (full) =>
        [
          `${p}, ${w}, ${full ? "Grafana and a volume" : "defaults"}`,
          { ...(full ? FULL : BASE), profile, placement },
        ] as const,
    ),
  ),
);

const PARENT_VALUES = () => schemaFile("prometheus", "kube-prometheus-stack.values.yaml");

/**
 * Keys these values set in the dependencies' own values (kube-prometheus-stack's values.yaml lists
 * only a few keys of each): top-level keys of kube-state-metrics 8.4.0, prometheus-node-exporter
 * 4.56.1 and grafana 12.11.1, read in their values.yaml at the versions Chart.yaml pins. The staged
 * chart (../shared/charts/kube-prometheus-stack/charts) does not hold these dependencies; where it
 * does, the test below checks against their values.yaml as well.
 */
const DEPENDENCY_KEYS: Readonly<Record<string, ReadonlyArray<string>>> = {
  "kube-state-metrics": ["nodeSelector", "tolerations", "resources"],
  "prometheus-node-exporter": ["tolerations", "resources"],
  grafana: ["nodeSelector", "tolerations", "resources", "sidecar.resources"],
};

/** Unknown key paths: the chart's values.yaml, with the dependencies' own keys above allowed. */
function unknownKeys(values: object): string[] {
  const ownKey = (p: string) =>
    Object.entries(DEPENDENCY_KEYS).some(([dependency, keys]) =>
      keys.some((key) => p === `${dependency}.${key}` || p.startsWith(`${dependency}.${key}.`)),
    );
  return unknownValuesKeys(values, PARENT_VALUES()).filter((p) => !ownKey(p));
}

/** The staged chart sources: $DATA_PLATFORM_CHARTS_DIR, else next to the schemas. */
function chartsDir(): string {
  return process.env.DATA_PLATFORM_CHARTS_DIR ?? path.resolve(schemasDir(), "../charts");
}
const dependencyValues = (dependency: string) =>
  path.join(chartsDir(), "kube-prometheus-stack", "charts", dependency, "values.yaml");
const STAGED = Object.keys(DEPENDENCY_KEYS).filter((d) => existsSync(dependencyValues(d)));
const MISSING = Object.keys(DEPENDENCY_KEYS).filter((d) => !STAGED.includes(d));

/** Where the placement goes: every Deployment, StatefulSet (through its custom resource) and Job. */
const PLACED: ReadonlyArray<ReadonlyArray<string>> = [
  ["prometheusOperator"],
  ["prometheusOperator", "admissionWebhooks", "patch"],
  ["prometheus", "prometheusSpec"],
  ["alertmanager", "alertmanagerSpec"],
  ["kube-state-metrics"],
  ["grafana"],
];

function synthesize(props: Partial<KubePrometheusStackProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new HelmProvider(stack, "helm", {});
  const construct = new KubePrometheusStack(stack, "Monitoring", {
    provider,
    namespace: MONITORING_NAMESPACE,
    nodeExporterNamespace: NODE_EXPORTER_NAMESPACE,
    profile: STANDARD,
    placement: SYSTEM,
    storageClassName: "gp3",
    ...props,
  });
  return { construct, json: Testing.synth(stack) };
}

describe("kube-prometheus-stack add-on", () => {
  let release: Record<string, unknown>;
  let construct: KubePrometheusStack;

  beforeAll(() => {
    const synthesized = synthesize();
    construct = synthesized.construct;
    release = onlyResource(synthesized.json, "helm_release");
  });

  describe("values", () => {
    it.each(CASES)("has only keys of the chart's values.yaml (%s)", (_, props) => {
      expect(unknownKeys(kubePrometheusStackValues(props))).toEqual([]);
    });

    it("and the check fails on a misspelt key of these values, in the chart or a dependency", () => {
      const values = kubePrometheusStackValues(FULL) as Record<string, Record<string, unknown>>;
      const { resources, ...ksm } = values["kube-state-metrics"];
      const { retention, ...spec } = values.prometheus.prometheusSpec as Record<string, unknown>;
      const misspelt = {
        ...values,
        prometheus: { prometheusSpec: { ...spec, retension: retention } },
        "kube-state-metrics": { ...ksm, resource: resources },
      };
      expect(unknownKeys(misspelt)).toEqual([
        "prometheus.prometheusSpec.retension",
        "kube-state-metrics.resource.requests.cpu",
        "kube-state-metrics.resource.requests.memory",
        "kube-state-metrics.resource.limits.memory",
      ]);
    });

    if (STAGED.length > 0) {
      it.each(STAGED)("sets only keys of %s's own values.yaml", (dependency) => {
        const values = kubePrometheusStackValues(FULL) as Record<string, Record<string, unknown>>;
        // `enabled` is kube-prometheus-stack's condition of the dependency, not one of its values.
        const own = Object.fromEntries(
          Object.entries(values[dependency]).filter(([key]) => key !== "enabled"),
        );
        expect(unknownValuesKeys(own, dependencyValues(dependency))).toEqual([]);
      });
    }
    if (MISSING.length > 0) {
      it.skip.each(MISSING)("sets only keys of %s's own values.yaml (not in the staged chart)", () => {});
    }

    it("divides every request and limit of the small profile by 20, rounded up, never below 5m / 16Mi", () => {
      expectDividedBy20(
        kubePrometheusStackValues({ ...FULL, profile: STANDARD }),
        kubePrometheusStackValues({ ...FULL, profile: SMALL }),
      );
    });

    it("sizes every container: Prometheus, Alertmanager, the operator and its reloader, the webhook jobs, the exporters, Grafana", () => {
      const blocks = resourceBlocks(kubePrometheusStackValues(FULL));
      expect(Object.fromEntries(blocks)).toEqual({
        "prometheusOperator.resources": {
          requests: { cpu: "100m", memory: "128Mi" },
          limits: { memory: "512Mi" },
        },
        "prometheusOperator.prometheusConfigReloader.resources": { requests: { cpu: "10m", memory: "32Mi" } },
        "prometheusOperator.admissionWebhooks.patch.resources": { requests: { cpu: "10m", memory: "32Mi" } },
        "prometheus.prometheusSpec.resources": {
          requests: { cpu: "500m", memory: "2Gi" },
          limits: { memory: "4Gi" },
        },
        "alertmanager.alertmanagerSpec.resources": {
          requests: { cpu: "50m", memory: "128Mi" },
          limits: { memory: "256Mi" },
        },
        "kube-state-metrics.resources": {
          requests: { cpu: "50m", memory: "128Mi" },
          limits: { memory: "512Mi" },
        },
        "prometheus-node-exporter.resources": {
          requests: { cpu: "50m", memory: "64Mi" },
          limits: { memory: "180Mi" },
        },
        "grafana.resources": { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
        "grafana.sidecar.resources": { requests: { cpu: "50m", memory: "64Mi" } },
      });
    });

    it.each(PLACED.map((p) => [p.join(".")] as const))("places %s on the system nodes", (where) => {
      const values = kubePrometheusStackValues({ ...BASE, grafana: true });
      expect(values).toHaveProperty([...where.split("."), "nodeSelector"], SYSTEM.nodeSelector);
      expect(values).toHaveProperty([...where.split("."), "tolerations"], SYSTEM.tolerations);
    });

    it.each(PLACED.map((p) => [p.join(".")] as const))(
      "assumes nothing of the nodes for %s on a brought cluster",
      (where) => {
        const values = kubePrometheusStackValues({ ...BASE, placement: {}, grafana: true });
        expect(values).not.toHaveProperty([...where.split("."), "nodeSelector"]);
        expect(values).not.toHaveProperty([...where.split("."), "tolerations"]);
      },
    );

    it("runs node-exporter on every node, tolerating every taint, in its own namespace", () => {
      const nodeExporter = kubePrometheusStackValues({ ...BASE, nodeExporterNamespace: "privileged-ns" })[
        "prometheus-node-exporter"
      ];
      expect(nodeExporter).toMatchObject({
        namespaceOverride: "privileged-ns",
        tolerations: [{ operator: "Exists" }],
      });
      expect(nodeExporter).not.toHaveProperty("nodeSelector");
      expect(loadChartValues(PARENT_VALUES())["prometheus-node-exporter"]).toHaveProperty(
        "namespaceOverride",
        "",
      );
    });

    it("leaves out the monitors of a managed control plane (EKS), keeps them on a brought cluster", () => {
      const managed = kubePrometheusStackValues({ ...BASE, managedControlPlane: true });
      for (const component of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) {
        expect(managed[component]).toEqual({ enabled: false });
        expect(kubePrometheusStackValues(BASE)).not.toHaveProperty(component);
      }
    });

    it("leaves Grafana off by default and turns it on when asked", () => {
      expect(kubePrometheusStackValues(BASE).grafana).toEqual({ enabled: false });
      expect(kubePrometheusStackValues({ ...BASE, grafana: false }).grafana).toEqual({ enabled: false });
      expect(kubePrometheusStackValues({ ...BASE, grafana: true }).grafana).toMatchObject({ enabled: true });
    });

    it("keeps the chart's alert rules and its monitor selection by the release label", () => {
      const values = kubePrometheusStackValues(FULL) as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      expect(values.defaultRules).toEqual({ create: true });
      const spec = values.prometheus.prometheusSpec;
      const defaults = loadChartValues(PARENT_VALUES()) as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      for (const kind of ["serviceMonitor", "podMonitor", "rule"]) {
        expect(spec).not.toHaveProperty(`${kind}Selector`);
        expect(spec).not.toHaveProperty(`${kind}SelectorNilUsesHelmValues`);
        expect(defaults.prometheus.prometheusSpec).toHaveProperty(`${kind}SelectorNilUsesHelmValues`, true);
      }
      expect(KubePrometheusStack.MONITOR_SELECTOR_LABEL).toEqual({ release: PROMETHEUS_RELEASE_NAME });
      expect(PROMETHEUS_RELEASE_NAME).toBe("kube-prometheus-stack");
    });

    it("keeps samples 15 days unless told otherwise", () => {
      expect(kubePrometheusStackValues(BASE)).toHaveProperty(
        ["prometheus", "prometheusSpec", "retention"],
        "15d",
      );
      expect(kubePrometheusStackValues({ ...BASE, retention: "30d" })).toHaveProperty(
        ["prometheus", "prometheusSpec", "retention"],
        "30d",
      );
    });

    it.each([
      [STANDARD, "50Gi", "45GB"],
      [SMALL, "10Gi", "9GB"],
    ])(
      "claims a volume on the StorageClass when given (%j: %s, retentionSize %s)",
      (profile, size, retentionSize) => {
        const spec = (
          kubePrometheusStackValues({ ...BASE, profile, storageClassName: "gp3" }).prometheus as {
            prometheusSpec: Record<string, unknown>;
          }
        ).prometheusSpec;
        expect(spec.storageSpec).toEqual({
          volumeClaimTemplate: {
            spec: {
              storageClassName: "gp3",
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: size } },
            },
          },
        });
        expect(spec.retentionSize).toBe(retentionSize);
      },
    );

    it("keeps the chart's emptyDir without a StorageClass", () => {
      const spec = (kubePrometheusStackValues(BASE).prometheus as { prometheusSpec: Record<string, unknown> })
        .prometheusSpec;
      expect(spec).not.toHaveProperty("storageSpec");
      expect(spec).not.toHaveProperty("retentionSize");
    });

    it("keeps the chart's non-root security contexts", () => {
      const values = kubePrometheusStackValues(FULL);
      expect(JSON.stringify(values)).not.toMatch(/securityContext|runAsUser|runAsNonRoot|privileged/i);
    });
  });

  describe("Prometheus URL", () => {
    it("is the chart's Prometheus Service, named after the fixed fullname", () => {
      expect(prometheusUrl("monitoring")).toBe("http://kube-prometheus-stack-prometheus.monitoring.svc:9090");
      expect(kubePrometheusStackValues(BASE).fullnameOverride).toBe("kube-prometheus-stack");
      const service = readFileSync(
        path.join(chartsDir(), "kube-prometheus-stack", "templates", "prometheus", "service.yaml"),
        "utf8",
      );
      expect(service).toContain('name: {{ template "kube-prometheus-stack.fullname" . }}-prometheus');
      const defaults = loadChartValues(PARENT_VALUES()) as Record<
        string,
        Record<string, Record<string, unknown>>
      >;
      expect(defaults.prometheus.service.port).toBe(9090);
    });

    it("refuses a namespace that is not a DNS label", () => {
      expect(() => prometheusUrl("Monitoring.example")).toThrow(
        /expected a namespace name \(DNS label\), received "Monitoring\.example"/,
      );
    });
  });

  describe("construct", () => {
    it("is one atomic helm_release of kube-prometheus-stack 88.5.3 with a 900 s timeout", () => {
      expect(release).toMatchObject({
        name: "kube-prometheus-stack",
        namespace: "monitoring",
        repository: "https://prometheus-community.github.io/helm-charts",
        chart: "kube-prometheus-stack",
        version: "88.5.3",
        atomic: true,
        cleanup_on_fail: true,
        wait: true,
        timeout: 900,
        max_history: 10,
      });
      expect(KUBE_PROMETHEUS_STACK_CHART.version).toBe("88.5.3");
    });

    it("installs the values of the builder, serialised once, without YAML aliases", () => {
      expect(release.values).toHaveLength(1);
      const yaml = (release.values as string[])[0];
      expect(yaml).not.toMatch(/[&*]a\d/);
      expect(parseYaml(yaml)).toEqual(kubePrometheusStackValues({ ...BASE, storageClassName: "gp3" }));
    });

    it("exposes the release under the id Release", () => {
      expect(construct.release.node.id).toBe("Release");
      expect(construct.node.children).toEqual([construct.release]);
    });

    it.each([
      [
        { retention: "15 days" },
        /retention: expected a Prometheus duration such as 15d or 12h, received "15 days"/,
      ],
      [{ retention: "" }, /retention: expected a Prometheus duration/],
      [
        { nodeExporterNamespace: "Node_Exporter" },
        /nodeExporterNamespace: expected a namespace name \(DNS label\), received "Node_Exporter"/,
      ],
      [
        { storageClassName: "GP3 " },
        /storageClassName: expected a StorageClass name \(DNS subdomain\), received "GP3 "/,
      ],
    ])("refuses %j, naming the construct", (props, message) => {
      expect(() => synthesize(props)).toThrow(message);
      expect(() => synthesize(props)).toThrow(/test\/Monitoring\/Release: release kube-prometheus-stack/);
    });

    it.each(["1w2d", "12h", "90m", "1y"])("accepts the retention %s", (retention) => {
      expect(() => synthesize({ retention })).not.toThrow();
    });
  });
});
