import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/define";
import { SecretReader } from "../constructs/iam/secret-reader";
import { PLATFORM_DB_NAMESPACE } from "./data-layout";
import type { EksStack } from "./eks-stack";

/** Service account of the bootstrap Job when it reads the RDS master secret. */
export const BOOTSTRAP_SERVICE_ACCOUNT = "postgres-bootstrap";

/**
 * The bootstrap Job's way to the RDS master secret: its service account with a role (Pod Identity,
 * IRSA as configured for S3) or, on an EKS local cluster, a grant on the rack nodes' role.
 */
export function bootstrapAccess(
  scope: Construct,
  props: {
    env: EnvironmentConfig;
    eks: EksStack;
    kubernetes: KubernetesProvider;
    namespace: ITerraformDependable;
  },
): { serviceAccountName: string; grants: ReadonlyArray<ITerraformDependable> } {
  const { env, eks } = props;
  const database = eks.database!;
  const local = env.cluster.mode === "outpost-local";
  const reader = new SecretReader(scope, "BootstrapAccess", {
    provider: props.kubernetes,
    roleName: `${env.resourcePrefix}-postgres-bootstrap`,
    clusterName: env.clusterName,
    region: env.region,
    namespace: PLATFORM_DB_NAMESPACE,
    serviceAccountName: BOOTSTRAP_SERVICE_ACCOUNT,
    secretArn: database.masterSecretArn,
    kmsKeyArn: eks.keys.database!.key.arn,
    identity: local
      ? { type: "node-role", nodeRoleName: eks.outpostNodes!.role.role.role.name }
      : env.data.s3Identity === "irsa"
        ? {
            type: "irsa",
            oidcProviderArn: eks.cluster.oidcProvider!.arn,
            issuerUrl: eks.cluster.cluster.identity.get(0).oidc.get(0).issuer,
          }
        : { type: "pod-identity" },
    dependsOn: [props.namespace],
  });
  return { serviceAccountName: BOOTSTRAP_SERVICE_ACCOUNT, grants: [reader.serviceAccount, ...reader.grants] };
}
