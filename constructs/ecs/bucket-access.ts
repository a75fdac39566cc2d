import { dnsSuffixOf, partitionOf } from "../core/aws-partition";
import type { IamStatement } from "../iam/service-role";
import { s3AccessStatements, type BucketAccess } from "../object-store/data-buckets";

/** Properties of {@link bucketAccessByName}. */
export interface BucketAccessByNameProps {
  /** Account of the buckets and their key. */
  readonly accountId: string;
  /** Region of the buckets and their key. */
  readonly region: string;
  /** The buckets by their (deterministic) names, and what may be done with each. */
  readonly buckets: Readonly<Record<string, BucketAccess>>;
  /** Alias of the buckets' KMS key, `alias/<name>`. */
  readonly keyAlias: string;
}

/**
 * Least-privilege S3 statements for buckets another stack owns, named without reading that stack:
 * bucket ARNs from their deterministic names, and the key — whose ARN is unknown here — as any key of
 * the account that carries the buckets' alias (`kms:ResourceAliases`) and is used through S3 in the
 * region (`kms:ViaService`). No dependency on the owning stack, and nothing beyond its buckets and key.
 */
export function bucketAccessByName(props: BucketAccessByNameProps): IamStatement[] {
  const partition = partitionOf(props.region);
  const statements = s3AccessStatements({
    buckets: Object.entries(props.buckets).map(([name, access]) => ({
      arn: `arn:${partition}:s3:::${name}`,
      access,
    })),
    kmsKeyArn: `arn:${partition}:kms:${props.region}:${props.accountId}:key/*`,
    region: props.region,
  });
  return statements.map((statement) =>
    statement.Resource === `arn:${partition}:kms:${props.region}:${props.accountId}:key/*`
      ? {
          ...statement,
          Condition: {
            StringEquals: { "kms:ViaService": `s3.${props.region}.${dnsSuffixOf(props.region)}` },
            "ForAnyValue:StringEquals": { "kms:ResourceAliases": props.keyAlias },
          },
        }
      : statement,
  );
}
