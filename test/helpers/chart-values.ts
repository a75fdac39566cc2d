import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";

/**
 * Keys whose value a chart passes verbatim into a Kubernetes object (`toYaml`), so anything is allowed below
 * them even when the chart's default is a non-empty map (Karpenter defaults `nodeSelector` and `affinity`).
 */
export const KUBERNETES_PASS_THROUGH_KEYS: ReadonlyArray<string> = [
  "affinity",
  "annotations",
  "labels",
  "nodeSelector",
  "podAnnotations",
  "podLabels",
  "podSecurityContext",
  "resources",
  "securityContext",
  "tolerations",
  "topologySpreadConstraints",
];

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function segment(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** The chart's default values (`values.yaml`) parsed; throws naming the file when it is missing or no map. */
export function loadChartValues(chartValuesYaml: string): Record<string, unknown> {
  if (!existsSync(chartValuesYaml)) throw new Error(`chart values file ${chartValuesYaml} does not exist`);
  const defaults: unknown = parseYaml(readFileSync(chartValuesYaml, "utf8"));
  if (!isMap(defaults)) throw new Error(`chart values file ${chartValuesYaml} is not a map`);
  return defaults;
}

/** Every leaf path of a value (the path itself for a scalar, a list or an empty map). */
function leaves(value: unknown, at: string): string[] {
  const entries = isMap(value) ? Object.entries(value) : [];
  return entries.length === 0 ? [at] : entries.flatMap(([k, v]) => leaves(v, `${at}.${segment(k)}`));
}

function unknownBelow(
  values: Record<string, unknown>,
  defaults: Record<string, unknown>,
  at: string,
  passThrough: ReadonlySet<string>,
): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const where = at === "" ? segment(key) : `${at}.${segment(key)}`;
    if (!Object.hasOwn(defaults, key)) return leaves(value, where);
    const fallback = defaults[key];
    // Below an empty map, null, a scalar or a list the user replaces the default whole: anything goes.
    const open = passThrough.has(key) || !isMap(fallback) || Object.keys(fallback).length === 0;
    return open || !isMap(value) ? [] : unknownBelow(value, fallback, where, passThrough);
  });
}

/**
 * Dotted leaf paths of `values` that the chart's default `values.yaml` (absolute path) does not have: every key
 * must exist there (keys only in comments do not count). Descending stops where the default is an empty map, null, a
 * scalar or a list, and at `passThrough` keys. Keys that are not plain identifiers are quoted (`a."b.c"`).
 */
export function unknownValuesKeys(
  values: object,
  chartValuesYaml: string,
  passThrough: ReadonlyArray<string> = KUBERNETES_PASS_THROUGH_KEYS,
): string[] {
  const defaults = loadChartValues(chartValuesYaml);
  if (!isMap(values)) throw new Error("chart values must be a map");
  return unknownBelow(values, defaults, "", new Set(passThrough));
}
