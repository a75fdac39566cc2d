/**
 * The catalogue of guardrail rules: one id per rule, what makes it fail and how to opt out. The README
 * block between `<!-- guardrails:start -->` and `<!-- guardrails:end -->` is rendered from this list
 * (see `readme.ts`); a test keeps the two equal.
 */
export const GUARDRAIL_RULES = [
  {
    id: "required-tags",
    failsWhen:
      "a taggable AWS resource (its cdktf class has `tags`, or a raw `aws_*` resource writes `tags`) lacks one of the required tags, counting its provider's `default_tags`",
  },
  {
    id: "imdsv2-required",
    failsWhen: 'a launch template does not set `metadata_options.http_tokens = "required"`',
  },
  {
    id: "encrypted-storage",
    failsWhen: "a launch template EBS volume or a DB instance is not encrypted with a customer-managed key",
  },
  {
    id: "private-databases",
    failsWhen: "a DB instance does not set `publicly_accessible = false`",
  },
  {
    id: "rds-backups",
    failsWhen: "a DB instance keeps no automated backups (`backup_retention_period` unset or 0)",
  },
  {
    id: "rds-deletion-protection",
    failsWhen: "in a production stack, a DB instance does not set `deletion_protection = true`",
  },
  {
    id: "s3-encryption",
    failsWhen:
      "an S3 bucket has no `aws_s3_bucket_server_side_encryption_configuration` (same stack, `bucket` a reference to it) with `aws:kms` and a customer-managed `kms_master_key_id`",
  },
  {
    id: "s3-versioning",
    failsWhen:
      'an S3 bucket has no `aws_s3_bucket_versioning` with `status = "Enabled"` (declare scratch buckets with an opt-out)',
  },
  {
    id: "s3-public-access-block",
    failsWhen: "an S3 bucket has no `aws_s3_bucket_public_access_block` with all four settings `true`",
  },
  {
    id: "dynamodb-pitr",
    failsWhen: "a DynamoDB table does not set `point_in_time_recovery.enabled = true`",
  },
  {
    id: "dynamodb-encryption",
    failsWhen:
      "a DynamoDB table is not encrypted with a customer-managed key (`server_side_encryption` with `kms_key_arn`)",
  },
  {
    id: "eks-private-endpoint",
    failsWhen: "an EKS cluster does not set `vpc_config.endpoint_private_access = true`",
  },
  {
    id: "eks-public-endpoint",
    failsWhen:
      "an EKS cluster's public endpoint is open to the internet: public access on (the default) with no `public_access_cidrs`, or one of them a /0",
  },
  {
    id: "open-ingress",
    failsWhen:
      "a security group (inline `ingress`, `aws_security_group_rule` of type ingress, `aws_vpc_security_group_ingress_rule`) admits `0.0.0.0/0` or `::/0`",
  },
  {
    id: "iam-wildcard-action",
    failsWhen:
      'an IAM policy, role (trust, inline) or resource policy (bucket, key, queue…) allows `"Action": "*"` or `"*:*"` or uses `NotAction` in an Allow, or a role gets `AdministratorAccess`/`PowerUserAccess`',
  },
  {
    id: "iam-wildcard-resource",
    failsWhen:
      'an identity policy allows a write action (anything but Describe/Get/List/Head/BatchGet/Query/Scan/Search/Select/Lookup/Filter/View…) on `"Resource": "*"` (or `NotResource`) without a `Condition`; resource policies are exempt: their resource is the one they are attached to',
  },
  {
    id: "log-retention",
    failsWhen: "a CloudWatch log group keeps logs forever (`retention_in_days` unset or 0)",
  },
  {
    id: "log-encryption",
    failsWhen: "a CloudWatch log group is not encrypted with a customer-managed key (`kms_key_id`)",
  },
  {
    id: "sqs-encryption",
    failsWhen: "an SQS queue sets neither `kms_master_key_id` nor `sqs_managed_sse_enabled = true`",
  },
  {
    id: "literal-secrets",
    failsWhen:
      "a secret-named key (password, secret, token, API/private key…) holds a literal string instead of a reference: Helm `values`/`set`, any `set_sensitive`, Kubernetes Secret `data`/`string_data`, container `env`, ECS `container_definitions` `environment`; or a value is one of the seeds' known passwords",
  },
  {
    id: "pinned-charts",
    failsWhen: "a `helm_release` from a repository has no exact chart `version` (unset, `latest`, a range)",
  },
  {
    id: "pinned-images",
    failsWhen:
      "a container image in a Kubernetes resource, in Helm values or `set` (`image`, `image.tag`, `repository`) or in an ECS task definition's `container_definitions` has no tag or digest, or the tag `latest`",
  },
] as const satisfies ReadonlyArray<{ readonly id: string; readonly failsWhen: string }>;

/** Identifiers of the guardrail rules; each can be suppressed with a reason. */
export type GuardrailRule = (typeof GUARDRAIL_RULES)[number]["id"];
