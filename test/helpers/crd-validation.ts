import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import Ajv, { type ErrorObject, type SchemaValidateFunction } from "ajv";
import type * as Cel from "@marcbachmann/cel-js" with { "resolution-mode": "import" };
import { parse as parseYaml } from "yaml";

// cel-js is ESM-only: Node >= 20.19 can require() it and Jest compiles it to CommonJS (jest.config.js), but
// TypeScript's node16 mode does not model require(esm), hence the type-only import and this runtime require.
const cel = createRequire(__filename)("@marcbachmann/cel-js") as typeof Cel;

/** Environment variable that points at the upstream schemas (default: `<repo>/../shared/schemas`, see below). */
export const SCHEMAS_DIR_ENV = "DATA_PLATFORM_SCHEMAS_DIR";

/** A node of a CRD's `openAPIV3Schema`: structural JSON Schema plus Kubernetes `x-kubernetes-*` extensions. */
export interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly "x-kubernetes-validations"?: ReadonlyArray<CelRule>;
  readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
  readonly [keyword: string]: unknown;
}

/** One `x-kubernetes-validations` entry. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

/** The parts of a CustomResourceDefinition the validators read. */
export interface Crd {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: ReadonlyArray<{
      readonly name: string;
      readonly served: boolean;
      readonly schema?: { readonly openAPIV3Schema?: SchemaNode };
    }>;
  };
}

/** Validates a manifest, returning human-readable errors (`<instancePath>: <message>`), empty when valid. */
export type ManifestValidator = (manifest: unknown) => string[];

const REPO_ROOT = path.resolve(__dirname, "../..");
const COMPOSITES = ["allOf", "anyOf", "oneOf"] as const;
const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isSchema = (value: unknown): value is SchemaNode => isRecord(value);

/**
 * Where the schemas are by default: next to this repository (`<repo>/../shared/schemas`) or, in a
 * clone of a local working copy (`git clone . /tmp/x`), next to that working copy.
 */
function defaultSchemasDirs(): string[] {
  const dirs = [path.resolve(REPO_ROOT, "../shared/schemas")];
  try {
    const origin = execFileSync("git", ["-C", REPO_ROOT, "remote", "get-url", "origin"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (path.isAbsolute(origin) && existsSync(origin)) dirs.push(path.resolve(origin, "../shared/schemas"));
  } catch {
    // Not a git checkout, or no origin: only the sibling directory is a candidate.
  }
  return dirs;
}

/** The root of the upstream schemas; throws naming the paths tried and {@link SCHEMAS_DIR_ENV} when it is missing. */
export function schemasDir(): string {
  const fromEnv = process.env[SCHEMAS_DIR_ENV];
  const candidates = fromEnv !== undefined ? [fromEnv] : defaultSchemasDirs();
  const found = candidates.find((dir) => existsSync(dir));
  if (found) return found;
  const origin = fromEnv === undefined ? `default; ${SCHEMAS_DIR_ENV} is not set` : `from ${SCHEMAS_DIR_ENV}`;
  throw new Error(
    `schemas directory ${candidates.join(" or ")} (${origin}) does not exist: set ${SCHEMAS_DIR_ENV} to it`,
  );
}

/** Absolute path of `<schemasDir>/<component>/<fileName>`; throws naming the path when it is missing. */
export function schemaFile(component: string, fileName: string): string {
  const file = path.join(schemasDir(), component, fileName);
  if (!existsSync(file)) {
    throw new Error(`schema file ${file} does not exist (schemas root: ${SCHEMAS_DIR_ENV} or its default)`);
  }
  return file;
}

/** The CRD `<component>/<fileName>` of the upstream schemas, parsed. */
export function loadCrd(component: string, fileName: string): Crd {
  const file = schemaFile(component, fileName);
  const doc: unknown = parseYaml(readFileSync(file, "utf8"));
  const spec = isRecord(doc) && doc.kind === "CustomResourceDefinition" ? doc.spec : undefined;
  if (!isRecord(spec) || typeof spec.group !== "string" || !Array.isArray(spec.versions)) {
    throw new Error(`${file} is not a CustomResourceDefinition`);
  }
  return doc as unknown as Crd;
}

function versionSchema(crd: Crd, version: string): SchemaNode {
  const served = crd.spec.versions.filter((v) => v.served && v.schema?.openAPIV3Schema);
  const schema = served.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  if (schema) return schema;
  const names = served.map((v) => v.name).join(", ");
  throw new Error(`CRD ${crd.spec.names.kind} serves no version ${version} with a schema (served: ${names})`);
}

/** A copy of a schema whose objects listing `properties` refuse other fields (the API server prunes or, with
 *  strict field validation, rejects them) unless they preserve unknown fields. */
function closed(node: SchemaNode): SchemaNode {
  const out: Record<string, unknown> = { ...node };
  const props = node.properties && Object.entries(node.properties).map(([k, v]) => [k, closed(v)] as const);
  if (props) out.properties = Object.fromEntries(props);
  if (node.items) out.items = closed(node.items);
  if (isSchema(node.additionalProperties)) out.additionalProperties = closed(node.additionalProperties);
  if (isSchema(node.not)) out.not = closed(node.not);
  for (const k of COMPOSITES) if (Array.isArray(node[k])) out[k] = (node[k] as SchemaNode[]).map(closed);
  if (props && node.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"]) {
    out.additionalProperties = false;
  }
  return out as SchemaNode;
}

function keywordError(validate: SchemaValidateFunction, message: string): false {
  validate.errors = [{ message }];
  return false;
}

const intOrString: SchemaValidateFunction = (on: boolean, data: unknown) => {
  const ok = !on || typeof data === "string" || Number.isInteger(data);
  return ok || keywordError(intOrString, "must be an integer or a string");
};

/** Kubernetes refuses duplicates in `set` lists and duplicate keys in `map` lists. */
const listType: SchemaValidateFunction = (type: string, data: unknown, parent?: Record<string, unknown>) => {
  if (!Array.isArray(data) || (type !== "set" && type !== "map")) return true;
  const keys = parent?.["x-kubernetes-list-map-keys"];
  const id = (item: unknown) =>
    JSON.stringify(Array.isArray(keys) && isRecord(item) ? keys.map((k: string) => item[k]) : item);
  const duplicate = data.map(id).find((entry, i, all) => all.indexOf(entry) !== i);
  return (
    duplicate === undefined ||
    keywordError(listType, `duplicate entry ${duplicate} in a list of type ${type}`)
  );
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** Formats not checked here (type: integer covers int64); any other unknown format fails schema compilation. */
const UNCHECKED_FORMATS = "int64 int-or-string byte binary password float double date duration".split(" ");
/** Extension keywords checked elsewhere (CEL rules, pruning) or mere annotations. */
const ANNOTATIONS = "validations map-type list-map-keys preserve-unknown-fields embedded-resource".split(" ");

function newAjv(): Ajv {
  // Unknown keywords and formats throw. Off: strictTypes (CRDs put pattern/maxLength on arrays, which Kubernetes
  // ignores) and strictRequired (structural schemas put `required` alone in oneOf/anyOf branches).
  // verbose: errors carry their data, for enum messages.
  const strictness = { strict: true, strictTypes: false, strictRequired: false } as const;
  const ajv = new Ajv({ ...strictness, allErrors: true, useDefaults: true, verbose: true });
  ajv.addFormat("date-time", (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  UNCHECKED_FORMATS.forEach((f) => ajv.addFormat(f, true));
  ajv.addKeyword({ keyword: "x-kubernetes-int-or-string", validate: intOrString, errors: true });
  ajv.addKeyword({ keyword: "x-kubernetes-list-type", validate: listType, errors: true });
  ANNOTATIONS.forEach((name) => ajv.addKeyword(`x-kubernetes-${name}`));
  return ajv;
}

function ajvMessage(e: ErrorObject): string {
  const where = e.instancePath || "/";
  if (e.keyword === "additionalProperties")
    return `${where}: unknown field "${String(e.params.additionalProperty)}"`;
  if (e.keyword === "enum") {
    const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
    return `${where}: must be one of ${allowed}, received ${JSON.stringify(e.data)}`;
  }
  return `${where}: ${e.message ?? `fails ${e.keyword}`}`;
}

let celEnvironment: Cel.Environment | undefined;

/** The CEL environment of `x-kubernetes-validations`: `self`, `oldSelf` and Kubernetes' regex library. */
export function kubernetesCel(): Cel.Environment {
  const find = (s: string, re: string) => new RegExp(re).exec(s)?.[0] ?? "";
  celEnvironment ??= new cel.Environment()
    .registerVariable("self", "dyn")
    .registerVariable("oldSelf", "dyn")
    .registerFunction("string.find(string): string", find);
  return celEnvironment;
}

/** A CEL rule and the schema path it sits at (`*` for any list item or map value). */
export type CelRuleAt = { readonly path: string; readonly rule: CelRule };

/** Every `x-kubernetes-validations` rule of a schema, with the schema path it sits at. */
export function celRules(schema: SchemaNode, at = ""): CelRuleAt[] {
  const own = (schema["x-kubernetes-validations"] ?? []).map((rule) => ({ path: at || "/", rule }));
  const children: Array<[string, unknown]> = [
    ...Object.entries(schema.properties ?? {}).map(([k, v]): [string, unknown] => [`${at}/${k}`, v]),
    [`${at}/*`, schema.items],
    [`${at}/*`, schema.additionalProperties],
    ...COMPOSITES.flatMap((k) =>
      (Array.isArray(schema[k]) ? (schema[k] as unknown[]) : []).map((v): [string, unknown] => [at, v]),
    ),
  ];
  return [...own, ...children.flatMap(([p, child]) => (isSchema(child) ? celRules(child, p) : []))];
}

/** `<path>: <error> (rule: <rule>)` for every CEL rule of a CRD version that does not compile (transition rules too). */
export function celCompileErrors(component: string, fileName: string, version = "v1"): string[] {
  return celRules(versionSchema(loadCrd(component, fileName), version)).flatMap(({ path: at, rule }) => {
    const check = kubernetesCel().check(rule.rule);
    return check.valid ? [] : [`${at}: ${summary(check.error)} (rule: ${rule.rule})`];
  });
}

function summary(error: unknown): string {
  if (isRecord(error) && typeof error.summary === "string") return error.summary;
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/** A value as CEL sees it: integers (per schema) become `int` (BigInt), everything else stays JSON. */
function toCel(schema: SchemaNode | undefined, data: unknown): unknown {
  if (typeof data === "number")
    return Number.isInteger(data) && schema?.type !== "number" ? BigInt(data) : data;
  if (Array.isArray(data)) return data.map((item) => toCel(schema?.items, item));
  if (!isRecord(data)) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, toCel(childSchema(schema, k), v)]));
}

function childSchema(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  const extra = schema?.additionalProperties;
  return schema?.properties?.[key] ?? (isSchema(extra) ? extra : undefined);
}

const compiled = new Map<string, Cel.ParseResult>();

function evaluate(expr: string, self: unknown): unknown {
  let program = compiled.get(expr);
  if (!program) compiled.set(expr, (program = kubernetesCel().parse(expr)));
  return program({ self });
}

/** Why a rule fails on `self`, or undefined when it holds. */
function ruleFailure(rule: CelRule, self: unknown): string | undefined {
  const message = rule.message ?? "failed rule";
  try {
    const result = evaluate(rule.rule, self);
    if (result === true) return undefined;
    return result === false ? message : `${message} [rule returned ${String(result)}, not a bool]`;
  } catch (error) {
    return `${message} [evaluation error: ${summary(error)}]`;
  }
}

function celErrors(schema: SchemaNode, data: unknown, at: string, out: string[]): void {
  if (data === undefined) return;
  // Transition rules (oldSelf) do not apply on create.
  const rules = (schema["x-kubernetes-validations"] ?? []).filter((r) => !r.rule.includes("oldSelf"));
  const self = rules.length > 0 ? toCel(schema, data) : undefined;
  for (const rule of rules) {
    const failure = ruleFailure(rule, self);
    if (failure !== undefined) out.push(`${at || "/"}: ${failure} (rule: ${rule.rule})`);
  }
  const entries: Array<[string, unknown]> = Array.isArray(data)
    ? data.map((v, i) => [String(i), v])
    : isRecord(data)
      ? Object.entries(data)
      : [];
  for (const [key, value] of entries) {
    const child = Array.isArray(data) ? schema.items : childSchema(schema, key);
    if (child) celErrors(child, value, `${at}/${escapePointer(key)}`, out);
  }
}

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function identityErrors(crd: Crd, version: string, manifest: Record<string, unknown>): string[] {
  const expected = { apiVersion: `${crd.spec.group}/${version}`, kind: crd.spec.names.kind };
  const errors = Object.entries(expected)
    .filter(([field, value]) => manifest[field] !== value)
    .map(([field, value]) => `/${field}: must be "${value}", received ${JSON.stringify(manifest[field])}`);
  const name = isRecord(manifest.metadata) ? manifest.metadata.name : undefined;
  if (typeof name !== "string" || name === "") errors.push(`/metadata/name: is required`);
  else if (!DNS_SUBDOMAIN.test(name))
    errors.push(`/metadata/name: must be a DNS subdomain, received "${name}"`);
  return errors;
}

const validators = new Map<string, ManifestValidator>();

/**
 * A validator for custom resources of the CRD `<component>/<fileName>` at `version`: checks apiVersion, kind and
 * metadata.name, the OpenAPI schema (after applying its defaults, refusing unknown fields) and every CEL rule
 * except transition rules (`oldSelf`), as the API server does on create.
 */
export function crdValidator(component: string, fileName: string, version = "v1"): ManifestValidator {
  const key = `${schemaFile(component, fileName)}#${version}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const crd = loadCrd(component, fileName);
  const schema = versionSchema(crd, version);
  const validateSchema = newAjv().compile(closed(schema));
  const validator: ManifestValidator = (manifest) => {
    if (!isRecord(manifest)) return [`/: must be an object, received ${JSON.stringify(manifest)}`];
    const data = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>; // defaults are applied to it
    const errors = identityErrors(crd, version, data);
    if (!validateSchema(data)) errors.push(...(validateSchema.errors ?? []).map(ajvMessage));
    celErrors(schema, data, "", errors);
    return errors;
  };
  validators.set(key, validator);
  return validator;
}

/** Throws with every error when `manifest` is not a valid custom resource of the CRD (see {@link crdValidator}). */
export function assertValidAgainstCrd(
  manifest: unknown,
  component: string,
  file: string,
  version = "v1",
): void {
  const errors = crdValidator(component, file, version)(manifest);
  if (errors.length > 0) throw new Error(`invalid ${component}/${file} resource:\n  ${errors.join("\n  ")}`);
}
