import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KUBERNETES_PASS_THROUGH_KEYS, unknownValuesKeys } from "./chart-values";
import { schemaFile } from "./crd-validation";

/** A values object setting only the dotted path `keys` to `value`. */
function nest(keys: string[], value: unknown): Record<string, unknown> {
  const [first, ...rest] = keys;
  return { [first]: rest.length === 0 ? value : nest(rest, value) };
}

function chartValues(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "chart-values-")), "values.yaml");
  writeFileSync(file, yaml);
  return file;
}

describe("unknownValuesKeys against the Karpenter chart's values.yaml", () => {
  const karpenterValues = schemaFile("karpenter", "values.yaml");

  it.each([
    ["settings.clusterName", "data-platform"],
    ["settings.clusterEndpoint", "https://example.eks.amazonaws.com"],
    ["settings.interruptionQueue", "data-platform-karpenter"],
    ["settings.featureGates.spotToSpotConsolidation", true],
    ["replicas", 2],
    ["nodeSelector", { "karpenter.sh/controller": "true", "kubernetes.io/os": "linux" }],
    ["tolerations", [{ key: "CriticalAddonsOnly", operator: "Exists" }]],
    ["serviceAccount.name", "karpenter"],
    ["serviceAccount.annotations", { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/k" }],
    ["controller.resources.requests.cpu", "1"],
    ["controller.resources.limits.memory", "1Gi"],
    ["podDisruptionBudget.maxUnavailable", 1],
    ["logLevel", "info"],
    ["dnsPolicy", "Default"],
    ["priorityClassName", "system-cluster-critical"],
    ["topologySpreadConstraints", [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone" }]],
    ["affinity", { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [] } }],
  ])("knows %s", (path, value) => {
    expect(unknownValuesKeys(nest(path.split("."), value), karpenterValues)).toEqual([]);
  });

  it("does not know webhook.enabled (the chart has no webhook since v1)", () => {
    expect(unknownValuesKeys({ webhook: { enabled: false } }, karpenterValues)).toEqual(["webhook.enabled"]);
  });

  it("reports misspelt keys under known maps with their full path", () => {
    const values = {
      settings: { clusterName: "x", featureGates: { spotToSpot: true } },
      controler: { env: [] },
    };
    expect(unknownValuesKeys(values, karpenterValues)).toEqual([
      "settings.featureGates.spotToSpot",
      "controler.env",
    ]);
  });

  it("treats nodeSelector and affinity as free-form only because they are Kubernetes pass-through keys", () => {
    const values = { nodeSelector: { role: "system" }, affinity: { podAffinity: {} } };
    expect(KUBERNETES_PASS_THROUGH_KEYS).toEqual(expect.arrayContaining(["nodeSelector", "affinity"]));
    expect(unknownValuesKeys(values, karpenterValues, [])).toEqual([
      "nodeSelector.role",
      "affinity.podAffinity",
    ]);
  });
});

describe("unknownValuesKeys rules", () => {
  const file = chartValues(
    [
      "image:",
      "  repository: app",
      "  # tag: latest",
      "extraEnv: []",
      "podAnnotations: {}",
      "config: {}",
      "existingSecret:",
      "limits: 5",
      "server:",
      "  port: 8080",
      "  tls:",
      "    enabled: false",
    ].join("\n"),
  );

  it("accepts keys of the defaults and anything below an empty map, null, a list or a scalar", () => {
    const values = {
      image: { repository: "other" },
      extraEnv: [{ name: "A", value: "1" }],
      config: { any: { nested: "thing" } },
      existingSecret: { name: "s" },
      limits: { cpu: 1 },
      server: { port: 9090, tls: { enabled: true } },
    };
    expect(unknownValuesKeys(values, file)).toEqual([]);
  });

  it("refuses keys that exist only in comments, and quotes keys that are not identifiers", () => {
    const values = { image: { tag: "1.0" }, server: { tls: { "cert.pem": "x", enabled: true } }, "a.b": {} };
    expect(unknownValuesKeys(values, file)).toEqual(["image.tag", 'server.tls."cert.pem"', '"a.b"']);
  });

  it("names the missing values file", () => {
    expect(() => unknownValuesKeys({}, "/nonexistent/values.yaml")).toThrow(
      "chart values file /nonexistent/values.yaml does not exist",
    );
  });
});
