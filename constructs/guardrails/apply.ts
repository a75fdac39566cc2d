import { Aspects, type TerraformStack } from "cdktf";
import { DatabaseProtection } from "./database-protection";
import { DynamodbTables } from "./dynamodb-tables";
import { EksEndpoint } from "./eks-endpoint";
import { EncryptedStorage } from "./encrypted-storage";
import { IamPolicies } from "./iam-policies";
import { Imdsv2Required } from "./imdsv2-required";
import { LiteralSecrets } from "./literal-secrets";
import { LogGroups } from "./log-groups";
import { OpenIngress } from "./open-ingress";
import { PinnedVersions } from "./pinned-versions";
import { PrivateDatabases } from "./private-databases";
import { RequiredTags } from "./required-tags";
import { S3Buckets } from "./s3-buckets";
import { SqsQueues } from "./sqs-queues";

/** What `applyGuardrails` needs to know of the stack it guards. */
export interface GuardrailOptions {
  /** Tags every taggable AWS resource must carry (own tags or the provider's default tags). */
  readonly requiredTagKeys: ReadonlyArray<string>;
  /**
   * A production stack: the rules that only production needs apply (RDS deletion protection).
   * @default false
   */
  readonly production?: boolean;
}

/**
 * Registers every guardrail aspect on a stack. Every stack of the app calls this once, so a new
 * rule is added here and nowhere else (and to the catalogue in `rules.ts`, which the README lists).
 */
export function applyGuardrails(stack: TerraformStack, options: GuardrailOptions): void {
  const aspects = Aspects.of(stack);
  aspects.add(new RequiredTags(options.requiredTagKeys));
  aspects.add(new Imdsv2Required());
  aspects.add(new EncryptedStorage());
  aspects.add(new PrivateDatabases());
  aspects.add(new DatabaseProtection({ production: options.production ?? false }));
  aspects.add(new S3Buckets());
  aspects.add(new DynamodbTables());
  aspects.add(new EksEndpoint());
  aspects.add(new OpenIngress());
  aspects.add(new IamPolicies());
  aspects.add(new LogGroups());
  aspects.add(new SqsQueues());
  aspects.add(new LiteralSecrets());
  aspects.add(new PinnedVersions());
}
