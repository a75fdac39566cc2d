import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import {
  TOPOLVM_CHART,
  TOPOLVM_CSI_DRIVER,
  TOPOLVM_DEVICE_CLASS_PARAMETER,
  TOPOLVM_NAMESPACE,
  TOPOLVM_RELEASE_NAME,
} from "../../../../constructs/addons/topolvm/chart";
import {
  deviceClassProblems,
  type TopoLvmDeviceClass,
} from "../../../../constructs/addons/topolvm/device-class";
import { TopoLvm, type TopoLvmProps } from "../../../../constructs/addons/topolvm/topolvm";
import { topolvmValues } from "../../../../constructs/addons/topolvm/values";
import { onlyResource } from "../../../helpers/synth";

const SSD: TopoLvmDeviceClass = { name: "ssd", volumeGroup: "vg-ssd", default: true };
const HDD: TopoLvmDeviceClass = { name: "hdd", volumeGroup: "vg_hdd+1.a-b", spareGb: 20 };

function build(overrides: Partial<Omit<TopoLvmProps, "provider">> = {}): {
  topolvm: TopoLvm;
  release: Record<string, unknown>;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new HelmProvider(stack, "helm", {});
  const topolvm = new TopoLvm(stack, "TopoLvm", {
    provider,
    namespace: TOPOLVM_NAMESPACE,
    profile: { name: "standard" },
    placement: {},
    deviceClasses: [SSD, HDD],
    ...overrides,
  });
  return { topolvm, release: onlyResource(Testing.synth(stack), "helm_release") };
}

describe("TopoLVM add-on", () => {
  describe("construct", () => {
    let topolvm: TopoLvm;
    let release: Record<string, unknown>;
    beforeAll(() => ({ topolvm, release } = build()));

    it("is one atomic helm_release of topolvm 17.1.0 from the chart's GitHub Pages repository", () => {
      expect(release).toMatchObject({
        name: TOPOLVM_RELEASE_NAME,
        namespace: "topolvm-system",
        repository: "https://topolvm.github.io/topolvm",
        chart: "topolvm",
        version: "17.1.0",
        atomic: true,
        cleanup_on_fail: true,
        wait: true,
        timeout: 600,
      });
      expect(TOPOLVM_CHART).toEqual({
        repository: "https://topolvm.github.io/topolvm",
        chart: "topolvm",
        version: "17.1.0",
      });
    });

    it("installs the values of the builder, serialised once", () => {
      expect(release.values).toHaveLength(1);
      expect(parseYaml((release.values as string[])[0])).toEqual(
        topolvmValues({ profile: { name: "standard" }, placement: {}, deviceClasses: [SSD, HDD] }),
      );
    });

    it("names the CSI driver topolvm.io and its device-class parameter", () => {
      expect(TOPOLVM_CSI_DRIVER).toBe("topolvm.io");
      expect(TOPOLVM_DEVICE_CLASS_PARAMETER).toBe("topolvm.io/device-class");
    });

    it("exposes the StorageClass of each device class and of the default one", () => {
      expect(topolvm.storageClassNames).toEqual({ ssd: "topolvm-ssd", hdd: "topolvm-hdd" });
      expect(topolvm.defaultStorageClassName).toBe("topolvm-ssd");
    });

    it("exposes the release under the id Release", () => {
      expect(topolvm.release.node.id).toBe("Release");
      expect(topolvm.node.children).toEqual([topolvm.release]);
    });

    it("depends on what it is given", () => {
      const stack = new TerraformStack(Testing.app(), "deps");
      const provider = new HelmProvider(stack, "helm", {});
      const first = new TopoLvm(stack, "First", {
        provider,
        namespace: "a",
        profile: { name: "standard" },
        placement: {},
        deviceClasses: [SSD],
      });
      const second = new TopoLvm(stack, "Second", {
        provider,
        namespace: "b",
        profile: { name: "standard" },
        placement: {},
        deviceClasses: [SSD],
        dependsOn: [first.release],
      });
      const releases = JSON.parse(Testing.synth(stack)).resource.helm_release as Record<
        string,
        { depends_on?: string[] }
      >;
      const [firstName] = Object.keys(releases).filter((name) => name.startsWith("First"));
      const [secondName] = Object.keys(releases).filter((name) => name.startsWith("Second"));
      expect(releases[secondName].depends_on).toEqual([`helm_release.${firstName}`]);
      expect(releases[firstName].depends_on).toBeUndefined();
      expect(second.release.node.id).toBe("Release");
    });
  });

  describe("validation", () => {
    it("accepts valid device classes", () => {
      expect(deviceClassProblems([SSD, HDD])).toEqual([]);
    });

    it("refuses no device class", () => {
      expect(() => build({ deviceClasses: [] })).toThrow(
        /deviceClasses: expected at least one device class, received none/,
      );
    });

    it("refuses no default device class", () => {
      expect(() => build({ deviceClasses: [HDD] })).toThrow(
        /deviceClasses: expected exactly one default device class, received 0/,
      );
    });

    it("refuses two default device classes", () => {
      expect(() => build({ deviceClasses: [SSD, { ...HDD, default: true }] })).toThrow(
        /expected exactly one default device class, received 2 \(ssd, hdd\)/,
      );
    });

    it("refuses a device class name twice", () => {
      expect(() => build({ deviceClasses: [SSD, { ...HDD, name: "ssd" }] })).toThrow(
        /deviceClasses: expected unique names, received "ssd" more than once/,
      );
    });

    it("refuses a device class name lvmd refuses", () => {
      expect(() => build({ deviceClasses: [{ ...SSD, name: "-ssd" }] })).toThrow(
        /deviceClasses\[0\]\.name: expected letters, digits.*received "-ssd"/,
      );
      expect(deviceClassProblems([{ ...SSD, name: "a".repeat(64), storageClassName: "x" }])).toHaveLength(1);
    });

    it.each(["-vg", "vg/ssd", "vg ssd", ".", "..", ""])("refuses the volume group name %j", (vg) => {
      expect(() => build({ deviceClasses: [{ ...SSD, volumeGroup: vg }] })).toThrow(
        new RegExp(
          `deviceClasses\\[0\\]\\.volumeGroup: expected an LVM volume group name \\(letters, digits and "\\+", "_", "\\.", "-", not starting with "-", not "\\." or "\\.\\."\\), received "${vg.replace(/[.]/g, "\\.")}"`,
        ),
      );
    });

    it("refuses one volume group for two thick device classes", () => {
      expect(() => build({ deviceClasses: [SSD, { ...HDD, volumeGroup: "vg-ssd" }] })).toThrow(
        /expected one device class per volume group \(or volume group\/thin pool\), received "vg-ssd" more than once/,
      );
    });

    it("accepts a thin pool next to thick volumes in the same volume group", () => {
      const thin = { ...HDD, volumeGroup: "vg-ssd", thinPool: { name: "pool0", overprovisionRatio: 1 } };
      expect(deviceClassProblems([SSD, thin])).toEqual([]);
    });

    it("refuses a thin pool overcommit below 1.0 and an invalid thin pool name", () => {
      expect(() =>
        build({ deviceClasses: [{ ...SSD, thinPool: { name: "pool0", overprovisionRatio: 0.5 } }] }),
      ).toThrow(/deviceClasses\[0\]\.thinPool\.overprovisionRatio: expected 1\.0 or more, received 0\.5/);
      expect(() =>
        build({ deviceClasses: [{ ...SSD, thinPool: { name: "-pool", overprovisionRatio: 2 } }] }),
      ).toThrow(/deviceClasses\[0\]\.thinPool\.name: expected an LVM logical volume name.*received "-pool"/);
    });

    it.each([-1, 1.5])("refuses spareGb %d", (spareGb) => {
      expect(() => build({ deviceClasses: [{ ...SSD, spareGb }] })).toThrow(
        new RegExp(
          `deviceClasses\\[0\\]\\.spareGb: expected a whole number of GiB, 0 or more, received ${spareGb}`,
        ),
      );
    });

    it("refuses a StorageClass name Kubernetes refuses, saying when it was derived", () => {
      expect(() => build({ deviceClasses: [{ ...SSD, name: "SSD_1" }] })).toThrow(
        /deviceClasses\[0\]\.storageClassName: expected a StorageClass name .*received "topolvm-SSD_1" \(derived from the name; set storageClassName\)/,
      );
    });

    it("refuses one StorageClass name for two device classes", () => {
      expect(() => build({ deviceClasses: [SSD, { ...HDD, storageClassName: "topolvm-ssd" }] })).toThrow(
        /deviceClasses: expected unique StorageClass names, received "topolvm-ssd" more than once/,
      );
    });

    it("refuses fewer than one controller replica", () => {
      expect(() => build({ controllerReplicas: 0 })).toThrow(
        /controllerReplicas: expected a whole number, 1 or more, received 0/,
      );
    });

    it("reports every problem at once, with the construct path", () => {
      expect(() => build({ deviceClasses: [{ ...HDD, volumeGroup: "-x" }] })).toThrow(
        /^test\/TopoLvm: deviceClasses\[0\]\.volumeGroup: .*; deviceClasses: expected exactly one default/,
      );
    });
  });
});
