import { TerraformProvider, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blocksOf, hasOverrides, isSet, isToken, type Attributes } from "./attributes";
import { reportViolation } from "./report";

/** What a provider has, protected in its typings, like the resources `attributesOf` reads. */
interface ProviderInternals {
  synthesizeAttributes(): Attributes;
}

/**
 * Whether a resource takes AWS tags: one of the AWS provider (`aws_*`) whose cdktf class has a `tags`
 * argument (a `tagsInput` accessor, subclasses included), or a resource written without its provider
 * class (a raw `TerraformResource` of an `aws_*` type) that writes a `tags` argument. A raw resource
 * that writes no `tags` cannot be told from a type without tags, and is not judged; a provider class
 * without `tags` (`aws_autoscaling_group` tags with `tag` blocks) is not either.
 */
export function isTaggable(node: TerraformResource): boolean {
  if (!node.terraformResourceType.startsWith("aws_")) return false;
  if ("tagsInput" in node) return true;
  // A generated provider class (it names its type statically) without `tagsInput` has no tags.
  if (typeof (node.constructor as { tfResourceType?: unknown }).tfResourceType === "string") return false;
  return Object.prototype.hasOwnProperty.call(attributesOf(node), "tags");
}

/** The tags of a `tags`/`default_tags.tags` map, or undefined when they are a token (unknown until apply). */
function tagsOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (isToken(value)) return undefined;
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** The default tags of an AWS provider, overrides included, or undefined when they are a token. */
function providerDefaultTags(provider: TerraformProvider): Readonly<Record<string, unknown>> | undefined {
  let attributes: Attributes;
  if (!hasOverrides(provider)) {
    attributes = (provider as unknown as ProviderInternals).synthesizeAttributes();
  } else {
    const json = provider.toTerraform() as { provider?: Record<string, Attributes[]> };
    attributes = json.provider?.[provider.terraformResourceType]?.[0] ?? {};
  }
  if (isToken(attributes.default_tags)) return undefined;
  const merged: Record<string, unknown> = {};
  for (const block of blocksOf(attributes.default_tags)) {
    const tags = tagsOf(block.tags);
    if (tags === undefined) return undefined;
    Object.assign(merged, tags);
  }
  return merged;
}

/**
 * Fails synth when a taggable AWS resource ({@link isTaggable}) lacks a required tag, counting its
 * provider's `default_tags`. Tags are read from the Terraform attributes of the resource and of its
 * provider (escape-hatch overrides included); a tag map that is a token is not judged, a tag whose
 * value is a token is set. Opt out per construct with `suppressGuardrail(node, "required-tags", reason)`.
 */
export class RequiredTags implements IAspect {
  private readonly defaultProviders = new WeakMap<TerraformStack, TerraformProvider | undefined>();
  /** Default tags by provider, read once per synth (a stack has thousands of resources, a few providers). */
  private defaultTags = new WeakMap<TerraformProvider, Readonly<Record<string, unknown>> | undefined>();

  /** @param keys tags every taggable AWS resource must carry, from its own tags or its provider's default tags */
  constructor(private readonly keys: ReadonlyArray<string>) {
    if (keys.length === 0) throw new Error("RequiredTags needs at least one tag key");
  }

  visit(node: IConstruct): void {
    // Aspects visit the stack first: find its default provider afresh on every synth.
    if (node instanceof TerraformStack) {
      this.defaultProviders.delete(node);
      this.defaultTags = new WeakMap();
      return;
    }
    if (!(node instanceof TerraformResource) || !isTaggable(node)) return;
    const defaults = this.defaultTagsOf(node.provider ?? this.defaultProviderOf(TerraformStack.of(node)));
    const own = tagsOf(attributesOf(node).tags);
    if (defaults === undefined || own === undefined) return;
    // A resource's own tag replaces the provider's default of the same key.
    const tags = { ...defaults, ...own };
    const missing = this.keys.filter((key) => !isSet(tags[key]));
    if (missing.length > 0) {
      reportViolation(
        node,
        "required-tags",
        `missing required tag(s) ${missing.join(", ")}: set them in the provider's defaultTags or on the resource`,
      );
    }
  }

  private defaultTagsOf(
    provider: TerraformProvider | undefined,
  ): Readonly<Record<string, unknown>> | undefined {
    if (provider === undefined) return {};
    if (!this.defaultTags.has(provider)) this.defaultTags.set(provider, providerDefaultTags(provider));
    return this.defaultTags.get(provider);
  }

  /** The stack's AWS provider without an alias: the one a resource without `provider` uses. */
  private defaultProviderOf(stack: TerraformStack): TerraformProvider | undefined {
    if (!this.defaultProviders.has(stack)) {
      const provider = stack.node
        .findAll()
        .find(
          (c): c is TerraformProvider =>
            c instanceof TerraformProvider && c.terraformResourceType === "aws" && c.alias === undefined,
        );
      this.defaultProviders.set(stack, provider);
    }
    return this.defaultProviders.get(stack);
  }
}
