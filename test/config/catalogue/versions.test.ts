import {
  amiReleaseVersionIssue,
  eksAddonVersionIssue,
  KARPENTER_ALIAS_FAMILIES,
  karpenterAmiAliasIssue,
  postgresEngineVersionIssue,
} from "../../../config/catalogue/versions";
import { ADDON_VERSIONS } from "../../../config/kubernetes-versions";

const NOW = new Date("2026-12-01T12:00:00Z");

describe("version formats", () => {
  it("accepts every add-on version the project pins", () => {
    const pinned = Object.values(ADDON_VERSIONS).flatMap((versions) => Object.values(versions));
    expect(pinned.length).toBeGreaterThan(0);
    for (const version of pinned) expect(eksAddonVersionIssue(version)).toBeUndefined();
  });

  it("refuses a malformed add-on version", () => {
    for (const version of ["1.20.4-eksbuild.1", "v1.20.4", "v1.20-eksbuild.1", "v1.20.4-eksbuild"]) {
      expect(eksAddonVersionIssue(version)).toBe(
        "expected an EKS add-on version v<major>.<minor>.<patch>-eksbuild.<n> such as v1.20.4-eksbuild.1",
      );
    }
  });

  describe("AMI releases", () => {
    it("accepts published releases", () => {
      expect(amiReleaseVersionIssue("v20251112", NOW)).toBeUndefined();
      expect(amiReleaseVersionIssue("v20260728", NOW)).toBeUndefined();
      expect(amiReleaseVersionIssue("v20261201", NOW)).toBeUndefined();
      expect(amiReleaseVersionIssue("v20240229", NOW)).toBeUndefined();
    });

    it("refuses a malformed release", () => {
      for (const version of ["20260728", "v2026-07-28", "v202607", "recommended"]) {
        expect(amiReleaseVersionIssue(version, NOW)).toBe(
          "expected an AMI release v<YYYYMMDD> such as v20251112",
        );
      }
    });

    it("refuses a date that does not exist", () => {
      expect(amiReleaseVersionIssue("v20260230", NOW)).toBe(
        "expected an AMI release v<YYYYMMDD> of a real date; 2026-02-30 does not exist",
      );
      expect(amiReleaseVersionIssue("v20251301", NOW)).toMatch(/2025-13-01 does not exist$/);
      expect(amiReleaseVersionIssue("v20250229", NOW)).toMatch(/2025-02-29 does not exist$/);
    });

    it("refuses a release after today", () => {
      expect(amiReleaseVersionIssue("v20261202", NOW)).toBe(
        "expected an AMI release already published: 2026-12-02 is after today (2026-12-01)",
      );
    });
  });

  describe("Karpenter AMI aliases", () => {
    it("knows alias families", () => {
      expect(Object.keys(KARPENTER_ALIAS_FAMILIES)).toContain("al2023");
    });

    it.each(["al2023@latest", "al2023@v20260728", "bottlerocket@v1.20.4", "windows2022@latest"])(
      "accepts %s",
      (alias) => {
        expect(karpenterAmiAliasIssue(alias, NOW)).toBeUndefined();
      },
    );

    it("refuses an unknown family or a malformed alias", () => {
      for (const alias of ["al2023", "ubuntu@latest", "AL2023@latest", "al2023@latest@x", "@latest"]) {
        expect(karpenterAmiAliasIssue(alias, NOW)).toMatch(
          /^expected a Karpenter AMI alias <family>@<version> such as al2023@latest, the family one of: al2023, al2, bottlerocket/,
        );
      }
    });

    it("refuses a version the family does not pin", () => {
      expect(karpenterAmiAliasIssue("al2023@20260728", NOW)).toBe(
        "expected al2023@latest or al2023@v<YYYYMMDD>",
      );
      expect(karpenterAmiAliasIssue("bottlerocket@v20260728", NOW)).toBe(
        "expected bottlerocket@latest or bottlerocket@v<major>.<minor>.<patch>",
      );
      expect(karpenterAmiAliasIssue("windows2022@v20260728", NOW)).toBe(
        "expected windows2022@latest: Karpenter pins no windows2022 release",
      );
    });

    it("refuses a pinned AMI release that is not a real, published date", () => {
      expect(karpenterAmiAliasIssue("al2023@v20260231", NOW)).toMatch(/2026-02-31 does not exist$/);
      expect(karpenterAmiAliasIssue("al2023@v20270101", NOW)).toMatch(/2027-01-01 is after today/);
    });
  });

  describe("PostgreSQL engine versions", () => {
    it.each(["16.10", "17.6", "13.18", "18.1", "16.0"])("accepts %s", (version) => {
      expect(postgresEngineVersionIssue(version)).toBeUndefined();
    });

    it.each(["16", "16.10.1", "9.6", "16.01", "v16.10", "16.x", ""])("refuses %j", (version) => {
      expect(postgresEngineVersionIssue(version)).toBe(
        "expected an exact PostgreSQL version <major>.<minor> such as 16.10 (major 10 or later)",
      );
    });
  });
});
