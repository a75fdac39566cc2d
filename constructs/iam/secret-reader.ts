import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { IamStatement } from "./service-role";
import { createWorkloadRole, type WorkloadIdentity } from "./workload-role";

/** Properties of {@link SecretReader}. */
export interface SecretReaderProps {
  readonly provider: KubernetesProvider;
  /** Role name (Pod Identity or IRSA). */
  readonly roleName: string;
  readonly clusterName: string;
  readonly region: string;
  /** Namespace and name of the service account created for the reader. */
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** The secret it reads and the key that encrypts it. */
  readonly secretArn: string;
  readonly kmsKeyArn: string;
  /** Pod Identity, IRSA, or (EKS local cluster) the node role. */
  readonly identity: WorkloadIdentity | { readonly type: "node-role"; readonly nodeRoleName: string };
  /**
   * What must exist first (the namespace).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/**
 * A service account that may read one Secrets Manager secret when its pod runs (the RDS master
 * secret, which RDS rotates): `secretsmanager:GetSecretValue` of that secret and `kms:Decrypt` of its
 * key through Secrets Manager only. On an EKS local cluster the node role carries the grant.
 */
export class SecretReader extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  public readonly grants: ReadonlyArray<ITerraformDependable>;

  constructor(scope: Construct, id: string, props: SecretReaderProps) {
    super(scope, id);
    const statements: IamStatement[] = [
      {
        Sid: "ReadTheSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: props.secretArn,
      },
      {
        Sid: "DecryptItThroughSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: props.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com` } },
      },
    ];
    const identity = props.identity;
    let annotations: Record<string, string> | undefined;
    if (identity.type === "node-role") {
      this.grants = [
        new IamRolePolicy(this, "NodeRolePolicy", {
          role: identity.nodeRoleName,
          name: `${props.serviceAccountName}-secret`,
          policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
        }),
      ];
    } else {
      const workload = createWorkloadRole(this, {
        roleName: props.roleName,
        description: `${props.namespace}/${props.serviceAccountName} reads one secret`,
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccounts: [props.serviceAccountName],
        identity,
        inlinePolicies: { ReadOneSecret: statements },
      });
      this.grants = [...workload.role.grants, ...workload.associations];
      if (identity.type === "irsa") annotations = { "eks.amazonaws.com/role-arn": workload.role.role.arn };
    }
    this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", {
      provider: props.provider,
      metadata: { name: props.serviceAccountName, namespace: props.namespace, annotations },
      automountServiceAccountToken: false,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
