import { LAYERS } from "../stacks/backend-settings";
import { UsageError } from "./options";

/** The part of `cdktf.out/manifest.json` the drivers read. */
export interface SynthManifest {
  readonly stacks: Readonly<
    Record<
      string,
      {
        readonly name: string;
        readonly dependencies?: ReadonlyArray<string>;
        readonly workingDirectory: string;
      }
    >
  >;
}

/** One stack to walk: its name, working directory (relative to the output directory) and upstream stacks. */
export interface WalkStack {
  readonly name: string;
  readonly workingDirectory: string;
  readonly dependencies: ReadonlyArray<string>;
}

/** The environment a stack belongs to, or undefined for an account-level stack (state, CI). */
function environmentOf(stackName: string, layers: ReadonlyArray<string>): string | undefined {
  const layer = layers.find((l) => stackName.endsWith(`-${l}`));
  return layer === undefined ? undefined : stackName.slice(0, -(layer.length + 1));
}

/**
 * The stacks of one environment, upstream first: `<environment>-<layer>` for the app's layers,
 * matched by exact name (so `outpost` never picks `outpost-local-*`), ordered by the dependencies
 * the manifest records (ties keep layer order). `only` narrows the walk to some stacks, named in
 * full or by layer; an unknown environment or stack is a {@link UsageError}.
 */
export function environmentStacks(
  manifest: SynthManifest,
  environment: string,
  only: ReadonlyArray<string> = [],
  layers: ReadonlyArray<string> = LAYERS,
): WalkStack[] {
  const names = layers.map((layer) => `${environment}-${layer}`).filter((name) => name in manifest.stacks);
  if (names.length === 0) {
    const known = [
      ...new Set(
        Object.keys(manifest.stacks)
          .map((name) => environmentOf(name, layers))
          .filter((env): env is string => env !== undefined),
      ),
    ].sort();
    throw new UsageError(
      `environment ${JSON.stringify(environment)} has no stacks in the synthesized output; environments there: ${known.join(", ") || "none"}`,
    );
  }
  const ordered = topologicalOrder(names, manifest);
  if (only.length === 0) return ordered;
  const wanted = new Set(
    only.map((name) => {
      const full = names.includes(name) ? name : `${environment}-${name}`;
      if (!names.includes(full)) {
        throw new UsageError(
          `--stacks: ${JSON.stringify(name)} is not a stack of ${environment}; its stacks: ${ordered.map((s) => s.name).join(", ")}`,
        );
      }
      return full;
    }),
  );
  return ordered.filter((stack) => wanted.has(stack.name));
}

/** Depth-first order over the environment's own stacks; dependencies outside it are not walked. */
function topologicalOrder(names: ReadonlyArray<string>, manifest: SynthManifest): WalkStack[] {
  const inEnvironment = new Set(names);
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: WalkStack[] = [];
  const visit = (name: string, path: ReadonlyArray<string>): void => {
    if (done.has(name)) return;
    if (visiting.has(name))
      throw new Error(`dependency cycle between stacks: ${[...path, name].join(" -> ")}`);
    visiting.add(name);
    const entry = manifest.stacks[name];
    const dependencies = (entry.dependencies ?? []).filter((d) => inEnvironment.has(d));
    for (const dependency of names.filter((n) => dependencies.includes(n)))
      visit(dependency, [...path, name]);
    visiting.delete(name);
    done.add(name);
    order.push({ name, workingDirectory: entry.workingDirectory, dependencies });
  };
  for (const name of names) visit(name, []);
  return order;
}
