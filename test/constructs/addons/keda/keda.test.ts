import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import type { Placement } from "../../../../constructs/addons/common/placement";
import type { SizeProfile } from "../../../../constructs/addons/common/size-profile";
import { KEDA_CHART, KEDA_NAMESPACE, KEDA_RELEASE_NAME } from "../../../../constructs/addons/keda/chart";
import { Keda } from "../../../../constructs/addons/keda/keda";
import { kedaValues } from "../../../../constructs/addons/keda/values";
import { KubePrometheusStack } from "../../../../constructs/addons/kube-prometheus-stack/kube-prometheus-stack";
import { unknownValuesKeys } from "../../../helpers/chart-values";
import { schemaFile } from "../../../helpers/crd-validation";
import { expectDividedBy20 } from "../../../helpers/sized-values";
import { onlyResource } from "../../../helpers/synth";

const PROFILES: ReadonlyArray<[string, SizeProfile]> = [
  ["standard", { name: "standard" }],
  ["small", { name: "small", divisor: 20 }],
];
const SYSTEM: Placement = {
  nodeSelector: { "node.dataplatform.io/pool": "system" },
  tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
};
const PLACEMENTS: ReadonlyArray<[string, Placement]> = [
  ["the system nodes", SYSTEM],
  ["no node assumption", {}],
];
const CASES = PROFILES.flatMap(([p, profile]) =>
  PLACEMENTS.flatMap(([w, placement]) =>
    [false, true].map(
      (serviceMonitor) =>
        [`${p}, ${w}, serviceMonitor ${serviceMonitor}`, { profile, placement, serviceMonitor }] as const,
    ),
  ),
);

describe("KEDA add-on", () => {
  let release: Record<string, unknown>;
  let keda: Keda;

  beforeAll(() => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new HelmProvider(stack, "helm", {});
    keda = new Keda(stack, "Keda", {
      provider,
      namespace: KEDA_NAMESPACE,
      profile: { name: "standard" },
      placement: SYSTEM,
      serviceMonitor: true,
    });
    release = onlyResource(Testing.synth(stack), "helm_release");
  });

  describe("values", () => {
    it.each(CASES)("has only keys of the chart's values.yaml (%s)", (_, props) => {
      expect(unknownValuesKeys(kedaValues(props), schemaFile("keda", "values.yaml"))).toEqual([]);
    });

    it("and the check fails on a misspelt key of these values", () => {
      const { webhooks, ...values } = kedaValues({ profile: { name: "standard" }, placement: SYSTEM });
      expect(unknownValuesKeys({ ...values, webhook: webhooks }, schemaFile("keda", "values.yaml"))).toEqual([
        "webhook.enabled",
      ]);
    });

    it("divides every request and limit of the small profile by 20, rounded up, never below 5m / 16Mi", () => {
      expectDividedBy20(
        kedaValues({ profile: { name: "standard" }, placement: SYSTEM }),
        kedaValues({ profile: { name: "small", divisor: 20 }, placement: SYSTEM }),
      );
    });

    it("sizes the operator, the metrics API server and the webhooks", () => {
      expect(kedaValues({ profile: { name: "standard" }, placement: {} }).resources).toEqual({
        operator: { requests: { cpu: "100m", memory: "200Mi" }, limits: { cpu: "1", memory: "1000Mi" } },
        metricServer: { requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: "1", memory: "1000Mi" } },
        webhooks: { requests: { cpu: "50m", memory: "100Mi" }, limits: { cpu: "1", memory: "1000Mi" } },
      });
    });

    it("places every Deployment with the chart's top-level nodeSelector and tolerations", () => {
      const values = kedaValues({ profile: { name: "standard" }, placement: SYSTEM });
      expect(values.nodeSelector).toEqual(SYSTEM.nodeSelector);
      expect(values.tolerations).toEqual(SYSTEM.tolerations);
      // The per-component keys would override the top-level ones: left to the chart's empty default.
      for (const component of ["operator", "metricsServer", "webhooks"]) {
        expect(values).not.toHaveProperty([component, "nodeSelector"]);
        expect(values).not.toHaveProperty([component, "tolerations"]);
      }
    });

    it("assumes nothing of the nodes on a brought cluster", () => {
      const values = kedaValues({ profile: { name: "standard" }, placement: {} });
      expect(values).not.toHaveProperty("nodeSelector");
      expect(values).not.toHaveProperty("tolerations");
    });

    it("keeps the admission webhooks on", () => {
      expect(kedaValues({ profile: { name: "standard" }, placement: {} }).webhooks).toEqual({
        enabled: true,
      });
    });

    it("has no metrics and no ServiceMonitor by default", () => {
      const values = kedaValues({ profile: { name: "standard" }, placement: {} });
      for (const component of ["operator", "metricServer", "webhooks"]) {
        expect(values).toHaveProperty(["prometheus", component, "enabled"], false);
        expect(values).toHaveProperty(["prometheus", component, "serviceMonitor", "enabled"], false);
      }
    });

    it("labels its ServiceMonitors for the platform's Prometheus when asked", () => {
      const values = kedaValues({ profile: { name: "standard" }, placement: {}, serviceMonitor: true });
      for (const component of ["operator", "metricServer", "webhooks"]) {
        expect(values).toHaveProperty(["prometheus", component], {
          enabled: true,
          serviceMonitor: { enabled: true, additionalLabels: { release: "kube-prometheus-stack" } },
        });
      }
      expect(KubePrometheusStack.MONITOR_SELECTOR_LABEL).toEqual({ release: "kube-prometheus-stack" });
    });
  });

  describe("construct", () => {
    it("is one atomic helm_release of kedacore/keda 2.20.2", () => {
      expect(release).toMatchObject({
        name: KEDA_RELEASE_NAME,
        namespace: "keda",
        repository: "https://kedacore.github.io/charts",
        chart: "keda",
        version: "2.20.2",
        atomic: true,
        cleanup_on_fail: true,
        wait: true,
        timeout: 600,
        max_history: 10,
      });
      expect(KEDA_CHART).toEqual({
        repository: "https://kedacore.github.io/charts",
        chart: "keda",
        version: "2.20.2",
      });
    });

    it("installs the values of the builder, serialised once", () => {
      expect(release.values).toHaveLength(1);
      expect(parseYaml((release.values as string[])[0])).toEqual(
        kedaValues({ profile: { name: "standard" }, placement: SYSTEM, serviceMonitor: true }),
      );
    });

    it("exposes the release under the id Release", () => {
      expect(keda.release.node.id).toBe("Release");
      expect(keda.node.children).toEqual([keda.release]);
    });
  });
});
