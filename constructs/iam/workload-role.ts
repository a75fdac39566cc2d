import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { Fn, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { irsaTrust, serviceTrust, ServiceRole, type IamStatement } from "./service-role";

/** How pods of a cluster take an IAM role: EKS Pod Identity, or IRSA through the cluster's OIDC provider. */
export type WorkloadIdentity =
  | { readonly type: "pod-identity" }
  | { readonly type: "irsa"; readonly oidcProviderArn: string; readonly issuerUrl: string };

/** Properties of {@link createWorkloadRole}. */
export interface WorkloadRoleProps {
  /** Role name. */
  readonly roleName: string;
  /** What the role is for. */
  readonly description: string;
  /** Cluster of the service accounts (Pod Identity associations). */
  readonly clusterName: string;
  /** Namespace of the service accounts. */
  readonly namespace: string;
  /** Service accounts that take the role. */
  readonly serviceAccounts: ReadonlyArray<string>;
  /** Pod Identity or IRSA. */
  readonly identity: WorkloadIdentity;
  /** Inline policies of the role, by name (literal IAM JSON statements). */
  readonly inlinePolicies: Readonly<Record<string, ReadonlyArray<IamStatement>>>;
}

/** The role and, with Pod Identity, one association per service account. */
export interface WorkloadRole {
  readonly role: ServiceRole;
  readonly associations: ReadonlyArray<EksPodIdentityAssociation>;
}

/**
 * An IAM role that pods of given service accounts take: trusted by EKS Pod Identity with an
 * association per service account, or by the cluster's OIDC provider for exactly those service
 * accounts (IRSA). Children are created in `scope` (`Role`, `PodIdentityAssociation[-<sa>]`,
 * `OidcIssuerHost`), so a construct that had them keeps its addresses.
 */
export function createWorkloadRole(scope: Construct, props: WorkloadRoleProps): WorkloadRole {
  const identity = props.identity;
  const trust: IamStatement[] =
    identity.type === "irsa"
      ? (() => {
          const host = new TerraformLocal(
            scope,
            "OidcIssuerHost",
            Fn.replace(identity.issuerUrl, "https://", ""),
          ).asString;
          return props.serviceAccounts.map((sa) =>
            irsaTrust(identity.oidcProviderArn, host, props.namespace, sa),
          );
        })()
      : [serviceTrust("pods.eks.amazonaws.com", true)];
  const role = new ServiceRole(scope, "Role", {
    roleName: props.roleName,
    description: props.description,
    trust,
    inlinePolicies: props.inlinePolicies,
  });
  const single = props.serviceAccounts.length === 1;
  const associations =
    identity.type === "pod-identity"
      ? props.serviceAccounts.map(
          (serviceAccount) =>
            new EksPodIdentityAssociation(
              scope,
              single ? "PodIdentityAssociation" : `PodIdentityAssociation-${serviceAccount}`,
              {
                clusterName: props.clusterName,
                namespace: props.namespace,
                serviceAccount,
                roleArn: role.role.arn,
              },
            ),
        )
      : [];
  return { role, associations };
}
