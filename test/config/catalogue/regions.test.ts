import {
  availabilityZoneIssue,
  availabilityZonesOf,
  isKnownRegion,
  REGIONS,
  regionIssue,
} from "../../../config/catalogue/regions";

describe("AWS regions catalogue", () => {
  it("lists regions, each with at least the three zones AWS promises per commercial Region", () => {
    const codes = Object.keys(REGIONS);
    expect(codes.length).toBeGreaterThan(30);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z]{2}(?:-gov)?-[a-z]+-\d$/);
      expect(REGIONS[code].zoneLetters.length).toBeGreaterThanOrEqual(3);
    }
  });

  it.each([
    "us-east-1",
    "eu-west-3",
    "eu-south-1",
    "ap-east-1",
    "me-central-1",
    "il-central-1",
    "mx-central-1",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-west-1",
    "ap-east-2",
    "ap-southeast-6",
    "us-gov-west-1",
  ])("knows %s", (region) => {
    expect(isKnownRegion(region)).toBe(true);
    expect(regionIssue(region)).toBeUndefined();
  });

  it("marks the opt-in Regions", () => {
    expect(REGIONS["eu-south-1"].optIn).toBe(true);
    expect(REGIONS["eu-west-3"].optIn).toBe(false);
  });

  it("gives the zones AWS documents", () => {
    // "us-east-2a, us-east-2b, and us-east-2c are the Availability Zones in the us-east-2 Region"
    expect(availabilityZonesOf("us-east-2")).toEqual(["us-east-2a", "us-east-2b", "us-east-2c"]);
    expect(availabilityZonesOf("us-east-1")).toHaveLength(6);
    expect(availabilityZonesOf("eu-west-3")).toEqual(["eu-west-3a", "eu-west-3b", "eu-west-3c"]);
    expect(availabilityZonesOf("ca-central-1")).toEqual(["ca-central-1a", "ca-central-1b", "ca-central-1d"]);
    expect(availabilityZonesOf("xx-nowhere-1")).toEqual([]);
  });

  it("accepts a zone of the region", () => {
    expect(availabilityZoneIssue("eu-west-3c", "eu-west-3")).toBeUndefined();
    expect(availabilityZoneIssue("us-east-1f", "us-east-1")).toBeUndefined();
  });

  describe("refuses", () => {
    it("an unknown region, listing the known ones", () => {
      expect(regionIssue("eu-west-9")).toMatch(
        /^expected an AWS Region code, one of: .*eu-west-3, .*us-west-2/,
      );
      expect(regionIssue("EU-WEST-3")).toMatch(/expected an AWS Region code/);
      expect(isKnownRegion("toString")).toBe(false);
    });

    it("a zone letter the region does not have", () => {
      expect(availabilityZoneIssue("eu-west-3d", "eu-west-3")).toBe(
        "expected an Availability Zone of eu-west-3, one of: eu-west-3a, eu-west-3b, eu-west-3c",
      );
      expect(availabilityZoneIssue("ca-central-1c", "ca-central-1")).toMatch(/ca-central-1b, ca-central-1d$/);
    });

    it("a zone of another region", () => {
      expect(availabilityZoneIssue("us-east-1a", "eu-west-3")).toMatch(
        /one of: eu-west-3a, eu-west-3b, eu-west-3c \(that is a zone of us-east-1, not of eu-west-3\)/,
      );
    });

    it("a zone ID, a Local Zone or a malformed name", () => {
      for (const zone of ["euw3-az1", "us-east-1-bos-1a", "eu-west-3", ""]) {
        expect(availabilityZoneIssue(zone, zone.startsWith("us") ? "us-east-1" : "eu-west-3")).toMatch(
          /^expected an Availability Zone of/,
        );
      }
    });

    it("any zone of an unknown region", () => {
      expect(availabilityZoneIssue("xx-nowhere-1a", "xx-nowhere-1")).toMatch(/^expected an AWS Region code/);
    });
  });
});
