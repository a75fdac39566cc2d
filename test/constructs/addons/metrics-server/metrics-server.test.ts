import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import type { Placement } from "../../../../constructs/addons/common/placement";
import type { SizeProfile } from "../../../../constructs/addons/common/size-profile";
import {
  METRICS_SERVER_CHART,
  METRICS_SERVER_NAMESPACE,
} from "../../../../constructs/addons/metrics-server/chart";
import { MetricsServer } from "../../../../constructs/addons/metrics-server/metrics-server";
import { metricsServerValues } from "../../../../constructs/addons/metrics-server/values";
import { loadChartValues, unknownValuesKeys } from "../../../helpers/chart-values";
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
  PLACEMENTS.map(([w, placement]) => [`${p}, ${w}`, { profile, placement }] as const),
);

describe("metrics-server add-on", () => {
  let release: Record<string, unknown>;
  let metricsServer: MetricsServer;

  beforeAll(() => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new HelmProvider(stack, "helm", {});
    metricsServer = new MetricsServer(stack, "MetricsServer", {
      provider,
      namespace: METRICS_SERVER_NAMESPACE,
      profile: { name: "small", divisor: 20 },
      placement: SYSTEM,
    });
    release = onlyResource(Testing.synth(stack), "helm_release");
  });

  describe("values", () => {
    it.each(CASES)("has only keys of the chart's values.yaml (%s)", (_, props) => {
      expect(
        unknownValuesKeys(metricsServerValues(props), schemaFile("metrics-server", "values.yaml")),
      ).toEqual([]);
    });

    it("and the check fails on a misspelt key of these values", () => {
      const { resources, ...values } = metricsServerValues({
        profile: { name: "standard" },
        placement: SYSTEM,
      });
      expect(
        unknownValuesKeys({ ...values, resource: resources }, schemaFile("metrics-server", "values.yaml")),
      ).toEqual(["resource.requests.cpu", "resource.requests.memory", "resource.limits.memory"]);
    });

    it("divides every request and limit of the small profile by 20, rounded up, never below 5m / 16Mi", () => {
      expectDividedBy20(
        metricsServerValues({ profile: { name: "standard" }, placement: SYSTEM }),
        metricsServerValues({ profile: { name: "small", divisor: 20 }, placement: SYSTEM }),
      );
    });

    it("requests what the chart requests, with a memory limit", () => {
      expect(metricsServerValues({ profile: { name: "standard" }, placement: {} }).resources).toEqual({
        requests: { cpu: "100m", memory: "200Mi" },
        limits: { memory: "400Mi" },
      });
    });

    it("places the Deployment on the system nodes, or anywhere on a brought cluster", () => {
      expect(metricsServerValues({ profile: { name: "standard" }, placement: SYSTEM })).toMatchObject({
        nodeSelector: SYSTEM.nodeSelector,
        tolerations: SYSTEM.tolerations,
      });
      const anywhere = metricsServerValues({ profile: { name: "standard" }, placement: {} });
      expect(anywhere).not.toHaveProperty("nodeSelector");
      expect(anywhere).not.toHaveProperty("tolerations");
    });

    it("keeps the chart's arguments: kubelet certificates are verified", () => {
      const values = metricsServerValues({ profile: { name: "standard" }, placement: SYSTEM });
      expect(values).not.toHaveProperty("args");
      expect(values).not.toHaveProperty("defaultArgs");
      const defaults = loadChartValues(schemaFile("metrics-server", "values.yaml"));
      expect(JSON.stringify([defaults.defaultArgs, defaults.args])).not.toContain("--kubelet-insecure-tls");
    });
  });

  describe("construct", () => {
    it("is one atomic helm_release of metrics-server 3.13.1 in kube-system", () => {
      expect(release).toMatchObject({
        name: "metrics-server",
        namespace: "kube-system",
        repository: "https://kubernetes-sigs.github.io/metrics-server",
        chart: "metrics-server",
        version: "3.13.1",
        atomic: true,
        cleanup_on_fail: true,
        wait: true,
        timeout: 600,
        max_history: 10,
      });
      expect(METRICS_SERVER_CHART.version).toBe("3.13.1");
    });

    it("installs the values of the builder, serialised once", () => {
      expect(release.values).toHaveLength(1);
      expect(parseYaml((release.values as string[])[0])).toEqual(
        metricsServerValues({ profile: { name: "small", divisor: 20 }, placement: SYSTEM }),
      );
    });

    it("exposes the release under the id Release", () => {
      expect(metricsServer.release.node.id).toBe("Release");
      expect(metricsServer.node.children).toEqual([metricsServer.release]);
    });
  });
});
