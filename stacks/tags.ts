import type { EnvironmentConfig } from "../config/define";

/** Tags every resource of an environment carries (provider `default_tags`). */
export function environmentTags(env: EnvironmentConfig): Record<string, string> {
  return {
    ...env.tags,
    environment: env.name,
    project: env.project,
    "managed-by": "cdktf",
    owner: env.owner,
    "cost-center": env.costCenter,
  };
}
