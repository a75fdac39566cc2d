import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import { ebsThroughEc2Statement } from "../constructs/kms/ebs-through-ec2-statement";
import { EncryptionKey } from "../constructs/kms/encryption-key";

/** The customer-managed keys of the `<env>-eks` layer. */
export interface EksKeys {
  /** Envelope encryption of Kubernetes secrets (regional control planes only). */
  readonly secrets?: EncryptionKey;
  /** Node root volumes and persistent volumes. */
  readonly ebs: EncryptionKey;
  /** The platform database: storage, snapshots, Performance Insights, master secret. */
  readonly database?: EncryptionKey;
}

/** Creates the keys an environment's cluster and database need. */
export function createEksKeys(scope: Construct, env: EnvironmentConfig): EksKeys {
  // In production a destroyed key loses the cluster's secrets, volumes or database for good.
  const common = { accountId: env.accountId, region: env.region, preventDestroy: env.production };
  const regionalControlPlane = env.cluster.mode === "regional" || env.cluster.mode === "outpost-extended";
  return {
    secrets: regionalControlPlane
      ? new EncryptionKey(scope, "SecretsKey", {
          ...common,
          description: `Envelope encryption of Kubernetes secrets of ${env.clusterName}`,
          aliasName: `${env.resourcePrefix}-eks-secrets`,
        })
      : undefined,
    ebs: new EncryptionKey(scope, "EbsKey", {
      ...common,
      description: `EBS volumes of ${env.clusterName} (node roots and persistent volumes)`,
      aliasName: `${env.resourcePrefix}-ebs`,
      additionalStatements: [ebsThroughEc2Statement(env.accountId, env.region)],
    }),
    database:
      env.data.database === "rds"
        ? new EncryptionKey(scope, "DatabaseKey", {
            ...common,
            description: `Platform PostgreSQL of ${env.resourcePrefix}`,
            aliasName: `${env.resourcePrefix}-postgres`,
          })
        : undefined,
  };
}
