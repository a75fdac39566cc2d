import { mebibytes, millicores, type ContainerResources } from "../../constructs/addons/common/size-profile";

/** Every `resources` block of a values tree, by dotted path (not a volume claim's storage request). */
export function resourceBlocks(value: unknown, at = ""): Map<string, ContainerResources> {
  const found = new Map<string, ContainerResources>();
  if (typeof value !== "object" || value === null || Array.isArray(value)) return found;
  for (const [key, child] of Object.entries(value)) {
    const where = at === "" ? key : `${at}.${key}`;
    if (key === "resources" && !where.includes("volumeClaimTemplate"))
      found.set(where, child as ContainerResources);
    else resourceBlocks(child, where).forEach((v, k) => found.set(k, v));
  }
  return found;
}

/** A quantity of the standard profile divided by 20, rounded up, with the 5m / 16Mi floors. */
export function dividedBy20(kind: "cpu" | "memory", quantity: string): string {
  return kind === "cpu"
    ? `${Math.max(5, Math.ceil(millicores(quantity) / 20))}m`
    : `${Math.max(16, Math.ceil(mebibytes(quantity) / 20))}Mi`;
}

const maxMemory = (a: string, b: string) => (mebibytes(a) >= mebibytes(b) ? a : b);

/**
 * Asserts that the small profile's values (divisor 20) hold the standard values' resources blocks,
 * at the same paths, each quantity divided by 20 as {@link dividedBy20} says.
 */
export function expectDividedBy20(
  standardValues: object,
  smallValues: object,
  /** Memory-limit floors by resources path (see `sized`'s `memoryLimitFloor`). */
  memoryLimitFloors: Readonly<Record<string, string>> = {},
): void {
  const standard = resourceBlocks(standardValues);
  const small = resourceBlocks(smallValues);
  expect(standard.size).toBeGreaterThan(0);
  expect([...small.keys()]).toEqual([...standard.keys()]);
  for (const [path, block] of standard) {
    for (const side of ["requests", "limits"] as const) {
      for (const kind of ["cpu", "memory"] as const) {
        const quantity = block[side]?.[kind];
        expect([path, side, kind, small.get(path)?.[side]?.[kind]]).toEqual([
          path,
          side,
          kind,
          quantity === undefined
            ? undefined
            : side === "limits" && kind === "memory" && memoryLimitFloors[path]
              ? maxMemory(dividedBy20(kind, quantity), memoryLimitFloors[path])
              : dividedBy20(kind, quantity),
        ]);
      }
    }
  }
}
