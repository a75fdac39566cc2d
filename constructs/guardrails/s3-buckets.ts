import { TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import {
  addressOf,
  attributesOf,
  blockOf,
  blocksOf,
  isSet,
  isToken,
  referenceOf,
  type Attributes,
} from "./attributes";
import { reportViolation } from "./report";

const BUCKET = "aws_s3_bucket";
const ENCRYPTION = "aws_s3_bucket_server_side_encryption_configuration";
const VERSIONING = "aws_s3_bucket_versioning";
const PUBLIC_ACCESS_BLOCK = "aws_s3_bucket_public_access_block";
const COMPANIONS: ReadonlySet<string> = new Set([ENCRYPTION, VERSIONING, PUBLIC_ACCESS_BLOCK]);
const KMS_ALGORITHMS: ReadonlySet<string> = new Set(["aws:kms", "aws:kms:dsse"]);
const PUBLIC_ACCESS_SETTINGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;

/** Companion resources of one stack by the bucket they configure: `aws_s3_bucket.<id>` or `name:<bucket>`. */
type CompanionIndex = Map<string, Map<string, Attributes[]>>;

/**
 * The key a companion's `bucket` argument names its bucket by: a reference to a bucket's `id` or
 * `bucket` (both are the name) gives the bucket's address, a literal gives its name.
 */
function bucketKeyOf(value: unknown): string | undefined {
  const reference = referenceOf(value);
  if (reference) {
    return reference.address.startsWith(`${BUCKET}.`) &&
      (reference.attribute === "id" || reference.attribute === "bucket")
      ? reference.address
      : undefined;
  }
  return typeof value === "string" && !isToken(value) ? `name:${value}` : undefined;
}

function encrypts(rules: unknown): boolean {
  return blocksOf(rules).some((rule) => {
    const defaults = blockOf(rule.apply_server_side_encryption_by_default);
    const algorithm = defaults.sse_algorithm;
    return (
      (isToken(algorithm) || (typeof algorithm === "string" && KMS_ALGORITHMS.has(algorithm))) &&
      isSet(defaults.kms_master_key_id)
    );
  });
}

const isTrue = (value: unknown) => value === true || isToken(value);

/**
 * Fails synth on an S3 bucket that is not encrypted with a customer-managed KMS key, not versioned, or
 * not behind all four public-access blocks. In AWS provider 6.x these are separate resources, so the
 * aspect correlates each bucket with the `aws_s3_bucket_server_side_encryption_configuration`,
 * `aws_s3_bucket_versioning` and `aws_s3_bucket_public_access_block` of the same stack whose `bucket`
 * is a reference to the bucket's `id` or `bucket` (or its literal name). The deprecated inline
 * `server_side_encryption_configuration` and `versioning` blocks count too. The stack is indexed
 * once per synth. A scratch bucket opts out of versioning with
 * `suppressGuardrail(bucket, "s3-versioning", reason)`.
 */
export class S3Buckets implements IAspect {
  private readonly indexes = new WeakMap<TerraformStack, CompanionIndex>();

  visit(node: IConstruct): void {
    // Aspects visit the stack first: index it afresh on every synth.
    if (node instanceof TerraformStack) {
      this.indexes.delete(node);
      return;
    }
    if (!(node instanceof TerraformResource) || node.terraformResourceType !== BUCKET) return;
    const bucket = attributesOf(node);
    const index = this.indexOf(TerraformStack.of(node));
    const keys = [addressOf(node)];
    if (typeof bucket.bucket === "string" && !isToken(bucket.bucket)) keys.push(`name:${bucket.bucket}`);
    const companions = (type: string) => keys.flatMap((key) => index.get(type)?.get(key) ?? []);

    const encrypted =
      encrypts(blockOf(bucket.server_side_encryption_configuration).rule) ||
      companions(ENCRYPTION).some((configuration) => encrypts(configuration.rule));
    if (!encrypted) {
      reportViolation(
        node,
        "s3-encryption",
        'add an aws_s3_bucket_server_side_encryption_configuration (S3BucketServerSideEncryptionConfigurationA) with bucket = this bucket\'s id and rule.applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: <customer-managed key> }',
      );
    }
    const versioned =
      isTrue(blockOf(bucket.versioning).enabled) ||
      companions(VERSIONING).some((versioning) => {
        const status = blockOf(versioning.versioning_configuration).status;
        return status === "Enabled" || isToken(status);
      });
    if (!versioned) {
      reportViolation(
        node,
        "s3-versioning",
        'add an aws_s3_bucket_versioning (S3BucketVersioningA) with bucket = this bucket\'s id and versioningConfiguration.status = "Enabled"; for scratch data, suppressGuardrail(bucket, "s3-versioning", <why no version is worth keeping>)',
      );
    }
    const blocked = companions(PUBLIC_ACCESS_BLOCK).some((block) =>
      PUBLIC_ACCESS_SETTINGS.every((setting) => isTrue(block[setting])),
    );
    if (!blocked) {
      reportViolation(
        node,
        "s3-public-access-block",
        "add an aws_s3_bucket_public_access_block (S3BucketPublicAccessBlock) with bucket = this bucket's id and blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true",
      );
    }
  }

  /** The stack's companion resources by bucket, built with one walk of the stack. */
  private indexOf(stack: TerraformStack): CompanionIndex {
    let index = this.indexes.get(stack);
    if (!index) {
      index = new Map();
      for (const construct of stack.node.findAll()) {
        if (!(construct instanceof TerraformResource)) continue;
        const type = construct.terraformResourceType;
        if (!COMPANIONS.has(type)) continue;
        const attributes = attributesOf(construct);
        const key = bucketKeyOf(attributes.bucket);
        if (key === undefined) continue;
        const byBucket = index.get(type) ?? new Map<string, Attributes[]>();
        byBucket.set(key, [...(byBucket.get(key) ?? []), attributes]);
        index.set(type, byBucket);
      }
      this.indexes.set(stack, index);
    }
    return index;
  }
}
