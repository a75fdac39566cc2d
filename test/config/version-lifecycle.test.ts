import { parseEnvironment } from "../../config/define";
import { KUBERNETES_VERSION_LIFECYCLE } from "../../config/kubernetes-versions";
import { kubernetesLifecycleFindings } from "../../config/version-lifecycle";
import { environment, LOAD_WARNINGS } from "../helpers/synth";

const dev = environment("dev");
const local = environment("outpost-local");
const on = (day: string) => new Date(`${day}T12:00:00Z`);
const devOn = (version: string, upgradePolicy?: "STANDARD" | "EXTENDED") =>
  parseEnvironment({
    ...dev,
    cluster: { ...dev.cluster, kubernetesVersion: version, ...(upgradePolicy ? { upgradePolicy } : {}) },
  });

describe("EKS support calendar", () => {
  it("keeps the EKS user guide's dates for the versions this project deploys", () => {
    // From the EKS user guide's "Kubernetes version lifecycle" table.
    expect(KUBERNETES_VERSION_LIFECYCLE["1.32"]).toEqual({
      released: "2025-01-23",
      endOfStandardSupport: "2026-03-23",
      endOfExtendedSupport: "2027-03-23",
    });
    expect(KUBERNETES_VERSION_LIFECYCLE["1.34"].endOfStandardSupport).toBe("2026-12-02");
    expect(KUBERNETES_VERSION_LIFECYCLE["1.31"].endOfExtendedSupport).toBe("2026-11-26");
  });

  it("says nothing of a version well inside standard support (1.35 by default)", () => {
    expect(kubernetesLifecycleFindings(dev, on("2026-12-01"))).toEqual({ errors: [], warnings: [] });
  });

  it("warns a month before standard support ends that EKS will upgrade a STANDARD cluster", () => {
    const { errors, warnings } = kubernetesLifecycleFindings(devOn("1.34"), on("2026-11-20"));
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(
      /^Kubernetes 1\.34 leaves EKS standard support on 2026-12-02 \(in 12 days\), when EKS upgrades a cluster whose upgradePolicy is "STANDARD": set cluster\.kubernetesVersion to "1\.35" .*, or set cluster\.upgradePolicy: "EXTENDED"$/,
    );
  });

  it("warns, past standard support, what EKS will do and both ways to proceed", () => {
    const { errors, warnings } = kubernetesLifecycleFindings(devOn("1.34"), on("2026-12-03"));
    expect(errors).toEqual([]);
    expect(warnings.map((w) => [w.path, w.received])).toEqual([["cluster.kubernetesVersion", "1.34"]]);
    expect(warnings[0].message).toMatch(
      /left EKS standard support on 2026-12-02 and cluster\.upgradePolicy is "STANDARD": EKS upgrades such a control plane to the next version, after which this configuration asks for a downgrade EKS refuses\. Either set cluster\.kubernetesVersion to "1\.35" \(one minor version at a time\) and deploy the eks stack, then karpenter, or keep 1\.34 until 2027-12-02 with cluster\.upgradePolicy: "EXTENDED"/,
    );
  });

  it("is quiet past standard support when the cluster asked for extended support", () => {
    expect(kubernetesLifecycleFindings(devOn("1.33", "EXTENDED"), on("2026-12-01")).warnings).toEqual([]);
  });

  it("refuses a version past extended support, whatever the policy", () => {
    const { errors } = kubernetesLifecycleFindings(devOn("1.32", "EXTENDED"), on("2027-03-23"));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(
      /^Kubernetes 1\.32 left EKS extended support on 2027-03-23: EKS upgrades such a control plane at any time without notice, leaving its nodes behind; set cluster\.kubernetesVersion to "1\.33"/,
    );
  });

  it("tells a local cluster to plan its upgrade as local clusters allow, without a policy to set", () => {
    const { warnings } = kubernetesLifecycleFindings(local, on("2026-12-01"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(
      /^Kubernetes 1\.32 left EKS standard support on 2026-03-23; extended support ends on 2027-03-23, after which EKS upgrades the control plane without notice: plan the upgrade to 1\.33 as soon as EKS offers it for local clusters/,
    );
    expect(warnings[0].message).not.toMatch(/upgradePolicy/);
  });

  it("warns, for the shipped environments on the test day, of the local cluster only", () => {
    expect(LOAD_WARNINGS.map((w) => `${w.environment}: ${w.issue.path}`)).toEqual([
      "outpost-local: cluster.kubernetesVersion",
    ]);
  });

  it("writes the upgrade policy on the regional cluster", () => {
    expect(devOn("1.33", "EXTENDED").cluster).toMatchObject({ upgradePolicy: "EXTENDED" });
  });
});
