import { toTerraformAttributes } from "../../../constructs/kubernetes/raw-resource";

describe("toTerraformAttributes", () => {
  it("writes arguments in snake_case but keeps the user keys of labels, data and quantities", () => {
    expect(
      toTerraformAttributes({
        metadata: { name: "x", labels: { "app.kubernetes.io/name": "x", camelLabel: "y" } },
        spec: {
          backoffLimit: 4,
          selector: { matchLabels: { someKey: "v" } },
          template: {
            spec: { nodeSelector: { "node.dataplatform.io/pool": "system" }, restartPolicy: "Never" },
          },
          skipped: undefined,
        },
        data: { "bootstrap.sql": "SELECT 1", fooBar: "kept" },
        waitForCompletion: true,
      }),
    ).toEqual({
      metadata: { name: "x", labels: { "app.kubernetes.io/name": "x", camelLabel: "y" } },
      spec: {
        backoff_limit: 4,
        selector: { match_labels: { someKey: "v" } },
        template: {
          spec: { node_selector: { "node.dataplatform.io/pool": "system" }, restart_policy: "Never" },
        },
      },
      data: { "bootstrap.sql": "SELECT 1", fooBar: "kept" },
      wait_for_completion: true,
    });
  });
});
