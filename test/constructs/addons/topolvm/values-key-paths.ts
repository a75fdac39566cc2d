/**
 * Key paths of a values object that a list of upstream key paths does not hold. A listed path is where
 * checking stops (a scalar, a list, or a map the chart passes through whole, like `nodeSelector`); maps
 * are descended, and the maps in a list are descended under `<path>[]`. For charts that are not in
 * ../shared/charts: the list is read by hand from the upstream values.yaml and written in the test.
 */
export function unlistedKeyPaths(values: unknown, listed: ReadonlyArray<string>, at = ""): string[] {
  if (at !== "" && listed.includes(at)) return [];
  if (Array.isArray(values)) {
    const maps = values.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
    if (maps.length === 0) return [at];
    return [...new Set(maps.flatMap((v) => unlistedKeyPaths(v, listed, `${at}[]`)))];
  }
  if (typeof values === "object" && values !== null) {
    const entries = Object.entries(values);
    if (entries.length === 0) return at === "" ? [] : [at];
    return entries.flatMap(([key, value]) =>
      unlistedKeyPaths(value, listed, at === "" ? key : `${at}.${key}`),
    );
  }
  return [at];
}
