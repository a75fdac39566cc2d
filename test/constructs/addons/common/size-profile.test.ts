import { sized, STANDARD_PROFILE } from "../../../../constructs/addons/common/size-profile";

const SMALL = { name: "small" as const, divisor: 20 };
const RESOURCES = { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } };

describe("size profiles", () => {
  it("keep the standard resources", () => {
    expect(sized(STANDARD_PROFILE, RESOURCES, "1Gi")).toBe(RESOURCES);
  });

  it("divide every quantity by the small divisor, rounded up, never below 5m / 16Mi", () => {
    expect(sized(SMALL, RESOURCES)).toEqual({
      requests: { cpu: "25m", memory: "52Mi" },
      limits: { cpu: "100m", memory: "103Mi" },
    });
    expect(sized(SMALL, { requests: { cpu: "10m", memory: "32Mi" } })).toEqual({
      requests: { cpu: "5m", memory: "16Mi" },
    });
  });

  it("raise a divided memory limit to the container's floor, and only the limit", () => {
    expect(sized(SMALL, RESOURCES, "1Gi")).toEqual({
      requests: { cpu: "25m", memory: "52Mi" },
      limits: { cpu: "100m", memory: "1Gi" },
    });
    expect(sized({ name: "small", divisor: 1 }, RESOURCES, "1Gi").limits?.memory).toBe("2048Mi");
  });

  it("refuse a divisor below 1", () => {
    expect(() => sized({ name: "small", divisor: 0.5 }, RESOURCES)).toThrow(
      /small profile divisor must be at least 1, received 0\.5/,
    );
  });
});
