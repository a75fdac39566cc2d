import type { EnvironmentConfig } from "../config/define";
import { MANAGED_TAG_KEYS } from "../config/schema";

/** Tag keys every resource must carry; the required-tags guardrail checks them. */
export const REQUIRED_TAG_KEYS: ReadonlyArray<string> = MANAGED_TAG_KEYS;

/** Tags every resource of an environment carries (provider `default_tags`). */
export function environmentTags(env: EnvironmentConfig): Record<string, string> {
  const managed: Record<(typeof MANAGED_TAG_KEYS)[number], string> = {
    environment: env.name,
    project: env.project,
    "managed-by": "cdktf",
    owner: env.owner,
    "cost-center": env.costCenter,
  };
  return { ...env.tags, ...managed };
}
