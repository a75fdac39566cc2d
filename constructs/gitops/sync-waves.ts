/**
 * Argo CD sync waves from a dependency graph: each component's wave is one more than the highest
 * wave of what it depends on (components with no dependency are wave 0), so Argo CD applies and
 * waits for every component of a wave before the next — the order the Terraform path encodes with
 * `depends_on`. Throws on an unknown dependency or a cycle.
 */
export function syncWaves(
  dependencies: Readonly<Record<string, ReadonlyArray<string>>>,
): Record<string, number> {
  const waves: Record<string, number> = {};
  const visiting = new Set<string>();
  const waveOf = (name: string, path: ReadonlyArray<string>): number => {
    if (name in waves) return waves[name];
    if (!(name in dependencies)) {
      throw new Error(`sync waves: ${path.at(-1)} depends on ${name}, which is not a component`);
    }
    if (visiting.has(name)) throw new Error(`sync waves: dependency cycle ${[...path, name].join(" -> ")}`);
    visiting.add(name);
    const wave =
      Math.max(-1, ...dependencies[name].map((dependency) => waveOf(dependency, [...path, name]))) + 1;
    visiting.delete(name);
    waves[name] = wave;
    return wave;
  };
  for (const name of Object.keys(dependencies)) waveOf(name, []);
  return waves;
}
