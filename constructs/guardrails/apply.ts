import { Aspects, type TerraformStack } from "cdktf";
import { EncryptedStorage } from "./encrypted-storage";
import { Imdsv2Required } from "./imdsv2-required";
import { PrivateDatabases } from "./private-databases";
import { RequiredTags } from "./required-tags";

/** What `applyGuardrails` needs to know of the stack it guards. */
export interface GuardrailOptions {
  /** Tags every taggable AWS resource must carry (own tags or the provider's default tags). */
  readonly requiredTagKeys: ReadonlyArray<string>;
}

/**
 * Registers every guardrail aspect on a stack. Every stack of the app calls this once, so a new
 * rule is added here and nowhere else.
 */
export function applyGuardrails(stack: TerraformStack, options: GuardrailOptions): void {
  const aspects = Aspects.of(stack);
  aspects.add(new RequiredTags(options.requiredTagKeys));
  aspects.add(new Imdsv2Required());
  aspects.add(new EncryptedStorage());
  aspects.add(new PrivateDatabases());
}
