import { Testing, type App, type TerraformStack } from "cdktf";
import { parseEnvironment, type EnvironmentConfig } from "../../config/define";
import { loadEnvironments, type ConfigWarning } from "../../config/load";
import { buildEnvironment, buildStateStacks } from "../../stacks/app";

/** A JSON object of synthesized Terraform. */
export type Json = Record<string, unknown>;

/**
 * The day tests read EKS's support calendar on: fixed, so no verdict changes with the calendar.
 * Tests of the calendar rules inject their own dates.
 */
export const TEST_TODAY = new Date("2026-12-01T00:00:00Z");

/** Warnings of loading the shipped environments on {@link TEST_TODAY}. */
export const LOAD_WARNINGS: ConfigWarning[] = [];

/** Every environment of `config/environments/`, loaded once per test file. */
export const ENVIRONMENTS: ReadonlyArray<EnvironmentConfig> = loadEnvironments(undefined, {
  today: TEST_TODAY,
  onWarning: (warning) => LOAD_WARNINGS.push(warning),
});

/**
 * The environment with its Kubernetes layer delivered by Terraform (`helm_release`s): the Terraform
 * path's assertions run over every data stack; the Argo CD path has its own (data-gitops.test.ts),
 * including that its Applications carry the very values asserted here.
 */
export function terraformDelivered(env: EnvironmentConfig): EnvironmentConfig {
  return env.delivery.kubernetes === "terraform"
    ? env
    : parseEnvironment({ ...env, delivery: { kubernetes: "terraform" } });
}

/** Every environment, delivered by Terraform (see {@link terraformDelivered}). */
export const TERRAFORM_DELIVERED: ReadonlyArray<EnvironmentConfig> = ENVIRONMENTS.map(terraformDelivered);

/** The environment named `name`. */
export function environment(name: string): EnvironmentConfig {
  const env = ENVIRONMENTS.find((e) => e.name === name);
  if (!env) throw new Error(`no environment ${name}`);
  return env;
}

/** A cdktf app with every stack of the given environments (all by default), like main.ts builds. */
export function buildApp(environments: ReadonlyArray<EnvironmentConfig> = ENVIRONMENTS): App {
  const app = Testing.app();
  buildStateStacks(app, environments);
  environments.forEach((env) => buildEnvironment(app, env));
  return app;
}

/** The stacks of an app by name. */
export function stacksOf(app: App): Map<string, TerraformStack> {
  return new Map(
    app.node.children
      .filter((c): c is TerraformStack => "toTerraform" in c)
      .map((stack) => [stack.node.id, stack] as const),
  );
}

/**
 * Synthesized JSON (sorted, without metadata) of every stack of the app, by stack name. Every stack
 * is prepared first, as `app.synth()` does: resolving a cross-stack reference adds an output to the
 * stack it reads from, so each stack is written as `cdktf synth` writes it.
 */
export function synthAll(app: App = buildApp()): Map<string, string> {
  const stacks = [...stacksOf(app)];
  stacks.forEach(([, stack]) => stack.prepareStack());
  return new Map(stacks.map(([name, stack]) => [name, Testing.synth(stack)]));
}

/** A synthesized stack parsed, with helpers to reach resources. */
export interface Synthesized {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly terraform?: Record<string, unknown>;
  readonly locals?: Record<string, string>;
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
}

/** Parses synthesized JSON. */
export function parse(json: string): Synthesized {
  return JSON.parse(json) as Synthesized;
}

/** All resources of one Terraform type, as plain objects. */
export function resourcesOf(json: string, type: string): Array<Record<string, unknown>> {
  return Object.values(parse(json).resource?.[type] ?? {});
}

/** The only resource of a type; fails when there is not exactly one. */
export function onlyResource(json: string, type: string): Record<string, unknown> {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Error annotations that synth would abort on, as `path: message` lines. */
export function errorAnnotations(stack: TerraformStack): string[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === "@cdktf/error")
        .map((m) => `${c.node.path}: ${String(m.data)}`),
    );
}

/** A Terraform reference (`${aws_kms_key.Name_1234.arn}`) to the only resource of a type. */
export function refTo(json: string, type: string, attribute: string): string {
  const names = Object.keys(parse(json).resource?.[type] ?? {});
  if (names.length !== 1) throw new Error(`expected exactly one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attribute}}`;
}

/** Resources of one Terraform type, by their Terraform name. */
export function namedResourcesOf(json: string, type: string): Record<string, Record<string, unknown>> {
  return parse(json).resource?.[type] ?? {};
}

/** The one resource of a type whose construct path ends with `pathEnd` (e.g. `SystemNodes/Resource`). */
export function resourceAt(
  json: string,
  type: string,
  namePrefix: string,
): { name: string; body: Record<string, unknown> } {
  const matches = Object.entries(namedResourcesOf(json, type)).filter(([name]) =>
    name.startsWith(namePrefix),
  );
  if (matches.length !== 1)
    throw new Error(`expected one ${type} named ${namePrefix}*, found ${matches.length}`);
  return { name: matches[0][0], body: matches[0][1] };
}

/** `${type.name.attribute}` of the one resource of a type whose name starts with `namePrefix`. */
export function refAt(json: string, type: string, namePrefix: string, attribute: string): string {
  return `\${${type}.${resourceAt(json, type, namePrefix).name}.${attribute}}`;
}
