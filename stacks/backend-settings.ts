import type { EnvironmentConfig } from "../config/define";
import type { StateBackendConfig } from "../config/state-backends";
import { partitionOf } from "../constructs/core/aws-partition";

/** The layers of an environment, in deployment order; stack `<env>-<layer>` holds one. */
export const LAYERS = ["network", "eks", "karpenter", "data", "workloads", "ecs"] as const;

/** One layer of an environment. */
export type Layer = (typeof LAYERS)[number];

/** The state object key of one layer of one environment: `<env>/<layer>.tfstate`. */
export function stateKey(env: EnvironmentConfig, layer: Layer): string {
  return `${env.name}/${layer}.tfstate`;
}

/** ARN of the state CMK's alias, which the backend encrypts state objects with. */
export function stateKmsAliasArn(backend: StateBackendConfig): string {
  return `arn:${partitionOf(backend.region)}:kms:${backend.region}:${backend.accountId}:alias/${backend.kmsKeyAlias}`;
}
