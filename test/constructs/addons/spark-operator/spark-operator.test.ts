import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import type { Placement } from "../../../../constructs/addons/common/placement";
import {
  SPARK_JOBS_NAMESPACE,
  SPARK_OPERATOR_CHART,
  SPARK_OPERATOR_NAMESPACE,
  SPARK_SERVICE_ACCOUNT,
} from "../../../../constructs/addons/spark-operator/chart";
import { SparkOperator } from "../../../../constructs/addons/spark-operator/spark-operator";
import { sparkOperatorValues } from "../../../../constructs/addons/spark-operator/values";
import { unknownValuesKeys } from "../../../helpers/chart-values";
import { schemaFile } from "../../../helpers/crd-validation";
import { expectDividedBy20 } from "../../../helpers/sized-values";
import { onlyResource } from "../../../helpers/synth";

const SYSTEM: Placement = {
  nodeSelector: { "node.dataplatform.io/pool": "system" },
  tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
};
const BASE = {
  profile: { name: "standard" } as const,
  placement: SYSTEM,
  jobNamespace: SPARK_JOBS_NAMESPACE,
  serviceAccountName: SPARK_SERVICE_ACCOUNT,
};
const CASES = [
  ["standard, system nodes, PodMonitor", { ...BASE, podMonitor: true }],
  [
    "small, anywhere, IRSA",
    {
      ...BASE,
      profile: { name: "small", divisor: 20 } as const,
      placement: {},
      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111111111111:role/spark" },
    },
  ],
] as const;

describe("spark-operator add-on", () => {
  let release: Record<string, unknown>;

  beforeAll(() => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new HelmProvider(stack, "helm", {});
    new SparkOperator(stack, "Spark", {
      ...BASE,
      provider,
      namespace: SPARK_OPERATOR_NAMESPACE,
      podMonitor: true,
    });
    release = onlyResource(Testing.synth(stack), "helm_release");
  });

  it.each(CASES)("has only keys of the chart's values.yaml (%s)", (_, props) => {
    expect(
      unknownValuesKeys(sparkOperatorValues(props), schemaFile("spark-operator", "values.yaml")),
    ).toEqual([]);
  });

  it("and the check fails on a misspelt key", () => {
    const { webhook, ...values } = sparkOperatorValues(BASE);
    expect(
      unknownValuesKeys({ ...values, webhooks: webhook }, schemaFile("spark-operator", "values.yaml")).length,
    ).toBeGreaterThan(0);
  });

  it("divides every request and limit of the small profile by 20", () => {
    expectDividedBy20(
      sparkOperatorValues(BASE),
      sparkOperatorValues({ ...BASE, profile: { name: "small", divisor: 20 } }),
    );
  });

  it("pins the chart and the image to 2.5.2 (the chart's appVersion)", () => {
    expect(release).toMatchObject({
      repository: "https://kubeflow.github.io/spark-operator",
      chart: "spark-operator",
      version: "2.5.2",
      namespace: "spark-operator",
      atomic: true,
    });
    expect(SPARK_OPERATOR_CHART.version).toBe("2.5.2");
    const values = parseYaml((release.values as string[])[0]) as Record<string, Record<string, unknown>>;
    expect(values.image).toEqual({ tag: "2.5.2" });
  });

  it("watches the jobs namespace only, with the chart's drivers' service account and Role there, and the webhook on", () => {
    const values = sparkOperatorValues(BASE) as Record<string, Record<string, unknown>>;
    expect(values.spark).toEqual({
      jobNamespaces: ["spark"],
      serviceAccount: { create: true, name: "spark" },
      rbac: { create: true },
    });
    expect(values.webhook).toMatchObject({ enable: true, failurePolicy: "Fail" });
  });

  it("places the controller and the webhook on the given nodes", () => {
    const values = sparkOperatorValues(BASE) as Record<string, Record<string, unknown>>;
    for (const component of ["controller", "webhook"]) {
      expect(values[component].nodeSelector).toEqual(SYSTEM.nodeSelector);
      expect(values[component].tolerations).toEqual(SYSTEM.tolerations);
    }
  });

  it("annotates the drivers' service account for IRSA when asked", () => {
    const values = sparkOperatorValues(CASES[1][1]) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(values.spark.serviceAccount.annotations).toEqual({
      "eks.amazonaws.com/role-arn": "arn:aws:iam::111111111111:role/spark",
    });
  });

  it("labels its PodMonitor for the platform's Prometheus when asked", () => {
    const values = sparkOperatorValues({ ...BASE, podMonitor: true }) as Record<
      string,
      Record<string, unknown>
    >;
    expect(values.prometheus.podMonitor).toEqual({
      create: true,
      labels: { release: "kube-prometheus-stack" },
    });
    const off = sparkOperatorValues(BASE) as Record<string, Record<string, unknown>>;
    expect(off.prometheus.podMonitor).toEqual({ create: false });
  });

  it("refuses the operator's own namespace as the jobs namespace", () => {
    const stack = new TerraformStack(Testing.app(), "bad");
    const provider = new HelmProvider(stack, "helm", {});
    expect(
      () =>
        new SparkOperator(stack, "Spark", { ...BASE, provider, namespace: "spark", jobNamespace: "spark" }),
    ).toThrow(/jobNamespace: expected a namespace other than the operator's \(spark\), received spark/);
  });
});
