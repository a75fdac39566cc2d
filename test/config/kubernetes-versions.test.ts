import {
  ADDON_VERSIONS,
  addonVersionsFor,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_LOCAL_CLUSTER_KUBERNETES_VERSION,
  SUPPORTED_KUBERNETES_VERSIONS,
  SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS,
} from "../../config/kubernetes-versions";

describe("Kubernetes and add-on versions", () => {
  it("pins add-on versions for exactly the supported Kubernetes versions", () => {
    expect(Object.keys(ADDON_VERSIONS).sort()).toEqual([...SUPPORTED_KUBERNETES_VERSIONS].sort());
    expect(SUPPORTED_KUBERNETES_VERSIONS).toContain(DEFAULT_KUBERNETES_VERSION);
    expect(SUPPORTED_LOCAL_CLUSTER_KUBERNETES_VERSIONS).toContain(DEFAULT_LOCAL_CLUSTER_KUBERNETES_VERSION);
  });

  it.each(SUPPORTED_KUBERNETES_VERSIONS)(
    "pins exact eksbuild versions for %s, kube-proxy of the same minor",
    (version) => {
      const versions = ADDON_VERSIONS[version];
      for (const pinned of Object.values(versions)) expect(pinned).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      expect(versions.kubeProxy.startsWith(`v${version}.`)).toBe(true);
    },
  );

  it("lets an environment override one add-on version", () => {
    const versions = addonVersionsFor("1.34", { coredns: "v1.12.3-eksbuild.1", vpcCni: undefined });
    expect(versions.coredns).toBe("v1.12.3-eksbuild.1");
    expect(versions.vpcCni).toBe(ADDON_VERSIONS["1.34"].vpcCni);
  });

  it("refuses a version without add-on versions", () => {
    expect(() => addonVersionsFor("1.28")).toThrow(
      /no add-on versions for Kubernetes 1\.28; known: 1\.32, 1\.33, 1\.34, 1\.35/,
    );
  });
});
