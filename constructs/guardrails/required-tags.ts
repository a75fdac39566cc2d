import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformResource, TerraformStack, Tokenization, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { reportViolation } from "./report";

type Tags = Record<string, string>;

function isTaggable(node: IConstruct): node is TerraformResource & { tagsInput?: Tags } {
  return (
    node instanceof TerraformResource &&
    node.terraformResourceType.startsWith("aws_") &&
    Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(node), "tagsInput")
  );
}

function providerDefaultTags(provider: AwsProvider | undefined): Tags {
  const blocks = provider?.defaultTags;
  if (!Array.isArray(blocks)) return {};
  return Object.assign({}, ...blocks.map((block) => block.tags ?? {})) as Tags;
}

/**
 * Fails synth when a taggable AWS resource lacks a required tag, counting its provider's
 * `default_tags`. Opt out per construct with `suppressGuardrail(node, "required-tags", reason)`.
 */
export class RequiredTags implements IAspect {
  private readonly defaultProviders = new WeakMap<TerraformStack, AwsProvider | undefined>();

  /** @param keys tags every taggable AWS resource must carry, from its own tags or its provider's default tags */
  constructor(private readonly keys: ReadonlyArray<string>) {
    if (keys.length === 0) throw new Error("RequiredTags needs at least one tag key");
  }

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    const provider =
      (node.provider as AwsProvider | undefined) ?? this.defaultProviderOf(TerraformStack.of(node));
    const own = node.tagsInput;
    const tags: Tags = {
      ...providerDefaultTags(provider),
      ...(own && !Tokenization.isResolvable(own) ? own : {}),
    };
    const missing = this.keys.filter((key) => !tags[key]);
    if (missing.length > 0) {
      reportViolation(
        node,
        "required-tags",
        `missing required tag(s) ${missing.join(", ")}: set them in the provider's defaultTags or on the resource`,
      );
    }
  }

  private defaultProviderOf(stack: TerraformStack): AwsProvider | undefined {
    if (!this.defaultProviders.has(stack)) {
      const providers = stack.node.findAll().filter((c): c is AwsProvider => c instanceof AwsProvider);
      this.defaultProviders.set(
        stack,
        providers.find((p) => p.alias === undefined),
      );
    }
    return this.defaultProviders.get(stack);
  }
}
