import { z } from "zod";
import { ConfigError, formatPath } from "./errors";
import { ORGANISATION } from "./organisation";

const stateBackendSchema = z
  .object({
    /** Stack name of the bootstrap stack that creates this backend. */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, { error: "expected a stack name (lower case, digits, hyphens)" }),
    /** Account that holds the state bucket and lock table. */
    accountId: z.string().regex(/^\d{12}$/, { error: "expected a 12-digit AWS account id" }),
    /** Region of the bucket and table. */
    region: z
      .string()
      .regex(/^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, { error: "expected an AWS region" }),
    /** Globally unique S3 bucket name. */
    bucketName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected an S3 bucket name (3–63 characters)" }),
    /** DynamoDB lock table name. */
    lockTableName: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "expected a DynamoDB table name" }),
    /** Alias of the CMK that encrypts state and locks (without the `alias/` prefix). */
    kmsKeyAlias: z.string().regex(/^[A-Za-z0-9/_-]+$/, { error: "expected a KMS alias name" }),
    /** Days a noncurrent state version is kept. */
    noncurrentVersionDays: z.number().int().min(1).default(90),
    /** Project, owner and cost centre tags of the bootstrap resources. */
    project: z.string().min(1),
    owner: z.string().min(1),
    costCenter: z.string().min(1),
  })
  .strict();

/** A bucket + lock table pair created by a bootstrap stack and used by environments' backends. */
export type StateBackendConfig = Readonly<z.output<typeof stateBackendSchema>>;

/** Validates one state backend; throws a {@link ConfigError} naming it. */
export function defineStateBackend(input: z.input<typeof stateBackendSchema>): StateBackendConfig {
  const parsed = stateBackendSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(
      input.name,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message, received: i.input })),
      "state backend",
    );
  }
  return Object.freeze(parsed.data);
}

/**
 * State backends, one per account/region. Each becomes a bootstrap stack (local backend) named
 * after it; an environment uses the one of its account and region (or the one `state.backend` names).
 */
export const STATE_BACKENDS: ReadonlyArray<StateBackendConfig> = [
  defineStateBackend({
    name: "state",
    accountId: ORGANISATION.accountId,
    region: ORGANISATION.region,
    bucketName: `${ORGANISATION.project}-tfstate-${ORGANISATION.accountId}-${ORGANISATION.region}`,
    lockTableName: "dataplatform-tfstate-lock",
    kmsKeyAlias: "dataplatform-tfstate",
    project: ORGANISATION.project,
    owner: ORGANISATION.owner,
    costCenter: ORGANISATION.costCenter,
  }),
  // EKS local clusters on Outposts are not offered in Paris: the outpost-local site is in Ireland.
  defineStateBackend({
    name: "state-eu-west-1",
    accountId: ORGANISATION.accountId,
    region: "eu-west-1",
    bucketName: `${ORGANISATION.project}-tfstate-${ORGANISATION.accountId}-eu-west-1`,
    lockTableName: "dataplatform-tfstate-lock",
    kmsKeyAlias: "dataplatform-tfstate",
    project: ORGANISATION.project,
    owner: ORGANISATION.owner,
    costCenter: ORGANISATION.costCenter,
  }),
];
