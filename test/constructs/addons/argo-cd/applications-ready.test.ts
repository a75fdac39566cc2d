import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { ApplicationsReady, KUBECTL_IMAGE } from "../../../../constructs/addons/argo-cd/applications-ready";
import { HelmChart } from "../../../../constructs/helm/helm-chart";
import { onlyResource, type Json } from "../../../helpers/synth";

describe("ApplicationsReady", () => {
  let json: string;
  let release: HelmChart;

  beforeAll(() => {
    const stack = new TerraformStack(Testing.app(), "test");
    const provider = new KubernetesProvider(stack, "kubernetes", {});
    release = new HelmChart(stack, "Root", {
      provider: new HelmProvider(stack, "helm", {}),
      pin: { repository: "https://argoproj.github.io/argo-helm", chart: "argocd-apps", version: "2.0.5" },
      releaseName: "argocd-apps",
      namespace: "argocd",
    });
    new ApplicationsReady(stack, "Ready", {
      provider,
      namespace: "argocd",
      application: "data-platform",
      release,
      placement: { nodeSelector: { pool: "system" } },
      timeoutSeconds: 600,
    });
    json = Testing.synth(stack);
  });

  it("waits for the Application to be Synced, then Healthy, with kubectl from registry.k8s.io", () => {
    const job = onlyResource(json, "kubernetes_job_v1") as Json & { spec: Json };
    const pod = ((job.spec.template as Json).spec as Json) ?? {};
    const [init] = pod.init_container as Json[];
    const [main] = pod.container as Json[];
    expect(init.command).toEqual([
      "/bin/kubectl",
      "wait",
      "--namespace=argocd",
      "--for=jsonpath={.status.sync.status}=Synced",
      "--timeout=600s",
      "applications.argoproj.io/data-platform",
    ]);
    expect(main.command).toEqual(expect.arrayContaining(["--for=jsonpath={.status.health.status}=Healthy"]));
    expect(main.image).toBe(`${KUBECTL_IMAGE.repository}:${KUBECTL_IMAGE.tag}`);
    expect(KUBECTL_IMAGE.tag).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(job).toMatchObject({
      wait_for_completion: true,
      spec: { backoff_limit: 2, active_deadline_seconds: 1320 },
    });
    // Terraform waits longer than the Job may run (2 × 600 s + 120 s = 22 min), so the Job's own failure is what it reports.
    expect(job.timeouts).toEqual({ create: "25m", update: "25m" });
  });

  it("runs again whenever the app-of-apps release changes, after it", () => {
    const job = onlyResource(json, "kubernetes_job_v1") as Json & { lifecycle: Json; depends_on: string[] };
    expect(job.lifecycle).toEqual({ replace_triggered_by: [`helm_release.${release.friendlyUniqueId}`] });
    expect(job.depends_on).toContain(`helm_release.${release.friendlyUniqueId}`);
  });

  it("runs as a non-root user, read-only, without capabilities, on the given nodes", () => {
    const pod = ((onlyResource(json, "kubernetes_job_v1").spec as Json).template as Json).spec as Json;
    expect(pod).toMatchObject({
      node_selector: { pool: "system" },
      restart_policy: "Never",
      security_context: {
        run_as_non_root: true,
        run_as_user: "65532",
        seccomp_profile: { type: "RuntimeDefault" },
      },
    });
    const containers = [...(pod.init_container as Json[]), ...(pod.container as Json[])];
    expect(containers).toHaveLength(2);
    for (const container of containers) {
      expect(container.security_context).toEqual({
        run_as_non_root: true,
        allow_privilege_escalation: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ["ALL"] },
      });
    }
  });

  it("may only read that one Application in Argo CD's namespace", () => {
    const role = onlyResource(json, "kubernetes_role_v1");
    expect(role.rule).toEqual([
      {
        api_groups: ["argoproj.io"],
        resources: ["applications"],
        resource_names: ["data-platform"],
        verbs: ["get", "list", "watch"],
      },
    ]);
    expect(onlyResource(json, "kubernetes_service_account_v1").automount_service_account_token).toBe(false);
  });
});
