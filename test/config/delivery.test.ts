import { parseEnvironment } from "../../config/define";
import { environment } from "../helpers/synth";

describe("delivery configuration", () => {
  it("delivers with Terraform unless told otherwise; onprem (the seeds' GitOps site) with Argo CD", () => {
    for (const name of ["dev", "prod", "lab", "outpost", "outpost-local"]) {
      expect(environment(name).delivery).toEqual({ kubernetes: "terraform" });
    }
    expect(environment("onprem").delivery).toEqual({ kubernetes: "argocd" });
  });

  it("refuses a delivery it does not know, naming the environment, the field and what is allowed", () => {
    expect(() => parseEnvironment({ ...environment("dev"), delivery: { kubernetes: "fluxcd" } })).toThrow(
      /environment "dev": delivery\.kubernetes: .*"terraform".*"argocd"/s,
    );
  });

  it("refuses an unknown key of the delivery block", () => {
    expect(() =>
      parseEnvironment({ ...environment("dev"), delivery: { kubernetes: "argocd", repoURL: "x" } }),
    ).toThrow(/delivery: Unrecognized key: "repoURL"/);
  });
});
