import {
  architectureOf,
  INSTANCE_FAMILY_SIZES,
  instanceTypeIssue,
  isKnownFamily,
  parseInstanceType,
} from "../../../config/catalogue/instance-types";

/** Types copied from CloudFormation's AWS::EC2::Instance `InstanceType` allowed values. */
const DOCUMENTED = [
  "m5.large",
  "m5.metal",
  "m5a.24xlarge",
  "m5ad.large",
  "m6gd.medium",
  "m6a.48xlarge",
  "m7i.metal-24xl",
  "m7i-flex.16xlarge",
  "m7a.metal-48xl",
  "m8g.metal-48xl",
  "c5.9xlarge",
  "c5.18xlarge",
  "c5n.metal",
  "c6gn.16xlarge",
  "c7i.48xlarge",
  "r5b.metal",
  "r7iz.metal-32xl",
  "r8g.24xlarge",
  "t3.nano",
  "t4g.2xlarge",
  "g4dn.metal",
  "g5.48xlarge",
  "i3en.3xlarge",
  "i4i.12xlarge",
  "x2idn.metal",
  "x2iedn.xlarge",
  "z1d.6xlarge",
  "u-6tb1.112xlarge",
  "u7in-32tb.224xlarge",
  "inf2.48xlarge",
  "trn1n.32xlarge",
  "p4d.24xlarge",
  "hpc7g.16xlarge",
  "mac2-m2pro.metal",
  "p6-b200.48xlarge",
];

describe("EC2 instance type catalogue", () => {
  it("lists families, each with sizes of the instance grammar", () => {
    const families = Object.keys(INSTANCE_FAMILY_SIZES);
    expect(families.length).toBeGreaterThan(40);
    for (const family of families) {
      expect(INSTANCE_FAMILY_SIZES[family].length).toBeGreaterThan(0);
      for (const size of INSTANCE_FAMILY_SIZES[family]) {
        expect(instanceTypeIssue(`${family}.${size}`)).toBeUndefined();
      }
    }
  });

  it.each(DOCUMENTED)("accepts %s", (type) => {
    expect(instanceTypeIssue(type)).toBeUndefined();
  });

  it("parses family and size", () => {
    expect(parseInstanceType("m7i-flex.large")).toEqual({ family: "m7i-flex", size: "large" });
    expect(parseInstanceType("u-6tb1.metal")).toEqual({ family: "u-6tb1", size: "metal" });
  });

  it("accepts a well-formed type of a family it does not list", () => {
    expect(isKnownFamily("r7iz")).toBe(false);
    expect(isKnownFamily("m5")).toBe(true);
    expect(isKnownFamily("constructor1")).toBe(false);
    expect(instanceTypeIssue("r7iz.large")).toBeUndefined();
  });

  it.each([
    ["m7g.large", "arm64"],
    ["c6gn.medium", "arm64"],
    ["r8gd.large", "arm64"],
    ["t4g.micro", "arm64"],
    ["x2gd.large", "arm64"],
    ["im4gn.large", "arm64"],
    ["is4gen.medium", "arm64"],
    ["g5g.xlarge", "arm64"],
    ["a1.large", "arm64"],
    ["mac2-m2.metal", "arm64"],
    ["m6i.large", "x86_64"],
    ["g4dn.xlarge", "x86_64"],
    ["m7i-flex.large", "x86_64"],
    ["u-6tb1.metal", "x86_64"],
    ["mac1.metal", "x86_64"],
  ])("gives %s the %s architecture", (type, architecture) => {
    expect(architectureOf(type)).toBe(architecture);
  });

  describe("refuses", () => {
    it.each([
      "m5",
      "m5.",
      ".large",
      "M5.large",
      "m5.huge",
      "m5.1xlarge",
      "m.large",
      "5m.large",
      "m5 .large",
      "",
    ])("the malformed type %j, saying what the grammar is", (type) => {
      expect(instanceTypeIssue(type)).toMatch(
        /^expected an EC2 instance type <family>\.<size> such as m7i\.large: .* metal or metal-<n>xl$/,
      );
      expect(architectureOf(type)).toBeUndefined();
    });

    it.each([
      ["m5.nano", /^expected a size m5 has: m5\.large, m5\.xlarge, .*, m5\.24xlarge, m5\.metal$/],
      ["t3.48xlarge", /^expected a size t3 has: t3\.nano, .*, t3\.2xlarge$/],
      ["c5.96xlarge", /^expected a size c5 has: .*c5\.9xlarge, .*c5\.18xlarge, c5\.24xlarge, c5\.metal$/],
      ["c5.8xlarge", /^expected a size c5 has:/],
      ["m7i.32xlarge", /m7i\.metal-24xl, m7i\.metal-48xl$/],
      ["m7a.metal", /m7a\.metal-48xl$/],
      ["c6gn.metal", /c6gn\.16xlarge$/],
      ["m5a.metal", /m5a\.24xlarge$/],
    ])("%s, a size its family does not have", (type, message) => {
      expect(instanceTypeIssue(type)).toMatch(message);
    });
  });
});
