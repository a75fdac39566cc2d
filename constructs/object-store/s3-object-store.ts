import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { createWorkloadRole, type WorkloadIdentity } from "../iam/workload-role";
import { DataBuckets, s3AccessStatements, type BucketAccess, type DataBucketSpec } from "./data-buckets";

/** One application of the platform and what it does with which bucket. */
export interface S3Application {
  /** Application name (`trino`): names its role `<prefix>-<name>-s3`. */
  readonly name: string;
  /** Namespace of its pods. */
  readonly namespace: string;
  /** Service accounts of its pods. */
  readonly serviceAccounts: ReadonlyArray<string>;
  /** Logical bucket names and the access to each. */
  readonly buckets: Readonly<Record<string, BucketAccess>>;
}

/** How the pods of the cluster get AWS credentials. */
export type S3Identity =
  | WorkloadIdentity
  /** EKS local clusters have neither Pod Identity nor IRSA: the nodes' role carries the grants. */
  | { readonly type: "node-role"; readonly nodeRoleName: string };

/** Properties of {@link S3ObjectStore}. */
export interface S3ObjectStoreProps {
  /** `<project>-<environment>`. */
  readonly prefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Cluster the pods run in. */
  readonly clusterName: string;
  /** The buckets, by logical name. */
  readonly buckets: Readonly<Record<string, DataBucketSpec>>;
  /** The applications and their access. */
  readonly applications: ReadonlyArray<S3Application>;
  /** Pod Identity, IRSA or the node role. */
  readonly identity: S3Identity;
  /**
   * Keep the buckets and their key on `terraform destroy` (production).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The platform's object store on S3: the buckets ({@link DataBuckets}) and, per application, an IAM
 * role scoped to its buckets and their key (literal JSON) that its service accounts take through
 * EKS Pod Identity or IRSA. On an EKS local cluster, which has neither, the same statements are an
 * inline policy of the node role: every pod on those nodes then has them (the only option there).
 */
export class S3ObjectStore extends Construct {
  public readonly buckets: DataBuckets;
  /** What pods need before they use S3: roles, policies, associations. */
  public readonly grants: ReadonlyArray<ITerraformDependable>;
  /** Role ARN of each application (for the IRSA annotation of its service accounts); none with the node role. */
  public readonly roleArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: S3ObjectStoreProps) {
    super(scope, id);
    this.buckets = new DataBuckets(this, "Buckets", {
      prefix: props.prefix,
      accountId: props.accountId,
      region: props.region,
      buckets: props.buckets,
      preventDestroy: props.preventDestroy,
    });
    const grants: ITerraformDependable[] = [];
    const roleArns: Record<string, string> = {};
    for (const app of props.applications) {
      const statements = s3AccessStatements({
        buckets: Object.entries(app.buckets).map(([logical, access]) => ({
          arn: this.buckets.bucketArn(logical),
          access,
        })),
        kmsKeyArn: this.buckets.key.key.arn,
        region: props.region,
      });
      const policyName = `${app.name}-object-store`;
      const identity = props.identity;
      if (identity.type === "node-role") {
        grants.push(
          new IamRolePolicy(this, `NodeRole-${app.name}`, {
            role: identity.nodeRoleName,
            name: policyName,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
          }),
        );
        continue;
      }
      const scopeOfApp = new Construct(this, app.name);
      const workload = createWorkloadRole(scopeOfApp, {
        roleName: `${props.prefix}-${app.name}-s3`,
        description: `${app.name} of ${props.prefix}: its buckets only`,
        clusterName: props.clusterName,
        namespace: app.namespace,
        serviceAccounts: app.serviceAccounts,
        identity,
        inlinePolicies: { [policyName]: statements },
      });
      grants.push(...workload.role.grants, ...workload.associations);
      roleArns[app.name] = workload.role.role.arn;
    }
    this.grants = grants;
    this.roleArns = roleArns;
  }
}
