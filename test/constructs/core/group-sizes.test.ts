import { TerraformStack, Testing } from "cdktf";
import { requireOrderedSizes } from "../../../constructs/core/group-sizes";

describe("requireOrderedSizes", () => {
  const scope = new TerraformStack(Testing.app(), "sizes");

  it("accepts minSize ≤ desiredSize ≤ maxSize", () => {
    expect(() => requireOrderedSizes(scope, { minSize: 0, desiredSize: 0, maxSize: 2 })).not.toThrow();
  });

  it.each([
    [{ minSize: 3, desiredSize: 2, maxSize: 4 }, "3/2/4"],
    [{ minSize: 1, desiredSize: 5, maxSize: 4 }, "1/5/4"],
  ])("refuses %j, naming the construct", (sizes, shown) => {
    expect(() => requireOrderedSizes(scope, sizes)).toThrow(
      new RegExp(`^sizes: sizes must satisfy minSize ≤ desiredSize ≤ maxSize, received ${shown}$`),
    );
  });
});
