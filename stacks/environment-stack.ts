import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import type { StateBackendConfig } from "../config/state-backends";
import { useS3Backend } from "../constructs/backend/s3-backend";
import { applyGuardrails } from "../constructs/guardrails/apply";
import { stateKey, stateKmsAliasArn, type Layer } from "./backend-settings";
import { requireTerraformVersion } from "./terraform-version";
import { environmentTags, REQUIRED_TAG_KEYS } from "./tags";

/** What every `<env>-<layer>` stack receives. */
export interface EnvironmentStackProps {
  /** The environment. */
  readonly env: EnvironmentConfig;
  /** The state backend the environment uses. */
  readonly stateBackend: StateBackendConfig;
}

/**
 * Base of every `<env>-<layer>` stack: the AWS provider pinned to the environment's account and
 * region with its default tags, state in the bootstrap bucket, and the guardrails.
 */
export abstract class EnvironmentStack extends TerraformStack {
  public readonly env: EnvironmentConfig;
  public readonly aws: AwsProvider;

  protected constructor(scope: Construct, layer: Layer, props: EnvironmentStackProps) {
    super(scope, `${props.env.name}-${layer}`);
    const { env, stateBackend } = props;
    this.env = env;
    this.aws = new AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: environmentTags(env) }],
    });
    useS3Backend(this, {
      bucket: stateBackend.bucketName,
      region: stateBackend.region,
      dynamodbTable: stateBackend.lockTableName,
      kmsKeyId: stateKmsAliasArn(stateBackend),
      key: stateKey(env, layer),
      useLockfile: env.state.useLockfile,
    });
    requireTerraformVersion(this);
    applyGuardrails(this, { requiredTagKeys: REQUIRED_TAG_KEYS, production: env.production });
  }
}
