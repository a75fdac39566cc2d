import { TerraformDataSource, Token, Tokenization, type TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/** Attributes of a resource as Terraform names them (snake_case), tokens left unresolved. */
export type Attributes = Readonly<Record<string, unknown>>;

const CACHE = new WeakMap<IConstruct, Attributes>();

/** What every cdktf element has, protected in its typings: its attributes and its escape-hatch overrides. */
interface Internals {
  synthesizeAttributes(): Attributes;
  readonly rawOverrides?: Readonly<Record<string, unknown>>;
}

/**
 * The Terraform attributes of a resource or data source, escape-hatch overrides included, as it
 * would be written (tokens are still `${TfToken[…]}` placeholders; meta-arguments left out). Without
 * overrides, `synthesizeAttributes()` alone (half the cost of `toTerraform()`). Generic on purpose: the
 * guardrails read any resource type by its Terraform name without importing its provider class (some
 * weigh megabytes and would slow every synth). Computed once per element.
 */
export function attributesOf(element: TerraformResource | TerraformDataSource): Attributes {
  let attributes = CACHE.get(element);
  if (!attributes) {
    const internals = element as unknown as Internals;
    if (!hasOverrides(element)) {
      // The attributes alone: what toTerraform() starts from, without its meta-arguments and merges.
      attributes = internals.synthesizeAttributes();
    } else {
      const json = element.toTerraform() as Record<string, Record<string, Record<string, Attributes>>>;
      const kind = element instanceof TerraformDataSource ? "data" : "resource";
      attributes = json[kind]?.[element.terraformResourceType]?.[element.friendlyUniqueId] ?? {};
    }
    CACHE.set(element, attributes);
  }
  return attributes;
}

/** Whether an element (resource, data source, provider) has escape-hatch overrides (`addOverride`). */
export function hasOverrides(element: IConstruct): boolean {
  const overrides = (element as unknown as Internals).rawOverrides;
  return overrides !== undefined && Object.keys(overrides).length > 0;
}

/** Whether a value is (or contains) a token: unknown until apply, so never judged as a literal. */
export function isToken(value: unknown): boolean {
  // Most values are plain strings: a substring test is cheaper than cdktf's token regex.
  if (typeof value === "string") return value.includes("TfToken[") && Token.isUnresolved(value);
  return Token.isUnresolved(value);
}

/** A nested block as a list: cdktf writes single blocks as objects and repeated ones as arrays. */
export function blocksOf(value: unknown): Array<Record<string, unknown>> {
  if (value === undefined || value === null || isToken(value)) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null);
}

/** The first block of an attribute, or an empty object. */
export function blockOf(value: unknown): Record<string, unknown> {
  return blocksOf(value)[0] ?? {};
}

/** Whether an attribute is set to a non-empty literal string or any token. */
export function isSet(value: unknown): boolean {
  return isToken(value) || (typeof value === "string" && value.trim() !== "");
}

/**
 * What a string refers to, when it is exactly one reference to a resource attribute
 * (`aws_s3_bucket.Name_1234.id` → `{ address: "aws_s3_bucket.Name_1234", attribute: "id" }`).
 */
export function referenceOf(value: unknown): { address: string; attribute: string } | undefined {
  if (typeof value !== "string" || !Token.isUnresolved(value)) return undefined;
  const fragments = Tokenization.reverseString(value);
  if (fragments.length !== 1) return undefined;
  const identifier = (fragments.firstToken as { identifier?: unknown } | undefined)?.identifier;
  if (typeof identifier !== "string") return undefined;
  const dot = identifier.lastIndexOf(".");
  return dot > 0 ? { address: identifier.slice(0, dot), attribute: identifier.slice(dot + 1) } : undefined;
}

/** `<type>.<logical id>`: how references name a resource. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
