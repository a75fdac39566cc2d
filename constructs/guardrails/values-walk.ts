import type { TerraformResource } from "cdktf";
import { parse as parseYaml } from "yaml";
import { HelmChart } from "../helm/helm-chart";
import { hasOverrides, isToken } from "./attributes";

/** One key of a nested value (Helm values, Kubernetes attributes) with where it sits. */
export interface ValueEntry {
  /** The key. */
  readonly key: string;
  /** Its value. */
  readonly value: unknown;
  /** The object holding it (for siblings such as `secretName` next to `secretKey`). */
  readonly parent: Readonly<Record<string, unknown>>;
  /** Key of the object holding `parent` (`env` for the entries of an env list). */
  readonly parentKey: string;
  /** Dotted path of the key (`auth.rootPassword`, `users[0].secretKey`), built on demand. */
  path(): string;
}

/**
 * Calls `visit` for every key of every object in `value`, depth first. Tokens are not entered. Paths
 * are only built for the keys that ask (findings): the walk runs over every release's values on
 * every synth.
 */
export function walkValues(value: unknown, visit: (entry: ValueEntry) => void): void {
  const parts: string[] = [];
  const path = () => parts.map((part, i) => (part.startsWith("[") || i === 0 ? part : `.${part}`)).join("");
  const walk = (node: unknown, parentKey: string): void => {
    if (node === null || typeof node !== "object" || isToken(node)) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        parts.push(`[${i}]`);
        walk(item, parentKey);
        parts.pop();
      });
      return;
    }
    const parent = node as Record<string, unknown>;
    for (const key of Object.keys(parent)) {
      const child = parent[key];
      parts.push(key);
      visit({ key, value: child, parent, parentKey, path });
      if (child !== null && typeof child === "object") walk(child, key);
      parts.pop();
    }
  };
  walk(value, "");
}

/**
 * Kubernetes resource types that hold a pod spec (containers, images, env), any version; a
 * `kubernetes_manifest` may hold anything. Other types (namespaces, ConfigMaps…) are not walked.
 */
export function holdsPodSpec(type: string): boolean {
  return (
    type === "kubernetes_manifest" ||
    /^kubernetes_(pod|deployment|stateful_set|daemon_set|daemonset|job|cron_job|replica_set|replication_controller)(_v\d+)?$/.test(
      type,
    )
  );
}

/** A literal: a non-empty string or a number, with no token in it. */
export function isLiteral(value: unknown): value is string | number {
  return (typeof value === "string" && value !== "" && !isToken(value)) || typeof value === "number";
}

/**
 * The documents of a `helm_release`'s `values`: the typed object a {@link HelmChart} serialised (no
 * YAML parsing on every synth) unless overrides may have changed them, else each literal YAML
 * document parsed.
 */
export function helmValuesDocuments(release: TerraformResource, values: unknown): unknown[] {
  if (release instanceof HelmChart && !hasOverrides(release)) return [release.valuesObject];
  return (Array.isArray(values) ? values : []).flatMap((doc: unknown) => {
    if (typeof doc !== "string" || isToken(doc)) return [];
    try {
      return [parseYaml(doc) as unknown];
    } catch {
      return [];
    }
  });
}
