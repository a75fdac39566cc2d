import type { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { HelmChart } from "../../helm/helm-chart";
import type { ServiceRole } from "../../iam/service-role";
import { createWorkloadRole, type WorkloadIdentity } from "../../iam/workload-role";
import { KARPENTER_CHART, KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT } from "./chart";
import { karpenterControllerStatements } from "./controller-policy";
import type { InterruptionQueue } from "./interruption-queue";

/** How the controller gets AWS credentials. */
export type ControllerIdentity = WorkloadIdentity;

/** Properties of {@link KarpenterController}; placement and replicas as in {@link KarpenterValuesProps}. */
export interface KarpenterControllerProps extends Pick<
  KarpenterValuesProps,
  "nodeSelector" | "tolerations" | "replicas"
> {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Chart version (exact). */
  readonly chartVersion: string;
  /** Cluster name (literal: it scopes the IAM policy). */
  readonly clusterName: string;
  /** API server endpoint (saves the controller a DescribeCluster at start). */
  readonly clusterEndpoint: string;
  /** Account of the cluster. */
  readonly accountId: string;
  /** Region of the cluster. */
  readonly region: string;
  /** Role of the nodes Karpenter launches (the only role it may pass). */
  readonly nodeRoleArn: string;
  /** The interruption queue. */
  readonly interruptionQueue: InterruptionQueue;
  /** Credentials through EKS Pod Identity (the agent add-on must run) or IRSA. */
  readonly identity: ControllerIdentity;
  /**
   * What must exist first.
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

/** Controller replicas unless told otherwise. */
export const DEFAULT_KARPENTER_REPLICAS = 2;
/** Requests of each replica; memory limited to its request (no overcommit). */
const CONTROLLER_RESOURCES = { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } };

/** What {@link karpenterValues} needs. */
export interface KarpenterValuesProps {
  /** Cluster name (`settings.clusterName`). */
  readonly clusterName: string;
  /** API server endpoint (`settings.clusterEndpoint`). */
  readonly clusterEndpoint: string;
  /** Interruption queue name (`settings.interruptionQueue`). */
  readonly interruptionQueueName: string;
  /** Labels of the nodes that run the controller, added to the chart's `kubernetes.io/os: linux`. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /**
   * Tolerations (they replace the chart's list).
   * @default none
   */
  readonly tolerations?: ReadonlyArray<Readonly<Record<string, string>>>;
  /**
   * Controller replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Role annotated on the service account, for IRSA.
   * @default none (Pod Identity)
   */
  readonly irsaRoleArn?: string;
}

/** Values of the chart; every key exists in the chart's values.yaml (checked in the tests). */
export function karpenterValues(props: KarpenterValuesProps): Record<string, unknown> {
  return {
    replicas: props.replicas ?? DEFAULT_KARPENTER_REPLICAS,
    serviceAccount: {
      name: KARPENTER_SERVICE_ACCOUNT,
      ...(props.irsaRoleArn ? { annotations: { "eks.amazonaws.com/role-arn": props.irsaRoleArn } } : {}),
    },
    settings: {
      clusterName: props.clusterName,
      clusterEndpoint: props.clusterEndpoint,
      interruptionQueue: props.interruptionQueueName,
    },
    nodeSelector: { "kubernetes.io/os": "linux", ...props.nodeSelector },
    tolerations: (props.tolerations ?? []).map((toleration) => ({ ...toleration })),
    // The image is the chart's own: the published chart pins its release's tag and digest.
    controller: { resources: CONTROLLER_RESOURCES },
    logLevel: "info",
  };
}

/**
 * The Karpenter controller: its IAM role (Karpenter's reference policy, written here as literal
 * JSON), the Pod Identity association or IRSA trust of `kube-system/karpenter`, and the Helm
 * release of `oci://public.ecr.aws/karpenter/karpenter` without CRDs (the `karpenter-crd` chart
 * manages them).
 */
export class KarpenterController extends Construct {
  public readonly role: ServiceRole;
  public readonly release: HelmChart;
  public readonly podIdentityAssociation?: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: KarpenterControllerProps) {
    super(scope, id);
    const identity = props.identity;
    const queue = props.interruptionQueue;
    const workload = createWorkloadRole(this, {
      roleName: `${props.clusterName}-karpenter`,
      description: `Karpenter controller of ${props.clusterName}, through ${identity.type === "irsa" ? "IRSA" : "EKS Pod Identity"}`,
      clusterName: props.clusterName,
      namespace: KARPENTER_NAMESPACE,
      serviceAccounts: [KARPENTER_SERVICE_ACCOUNT],
      identity,
      inlinePolicies: {
        KarpenterController: karpenterControllerStatements({
          clusterName: props.clusterName,
          accountId: props.accountId,
          region: props.region,
          nodeRoleArn: props.nodeRoleArn,
          queueArn: queue.queue.arn,
          queueKeyArn: queue.key.key.arn,
        }),
      },
    });
    this.role = workload.role;
    this.podIdentityAssociation = workload.associations[0];
    const values = karpenterValues({
      clusterName: props.clusterName,
      clusterEndpoint: props.clusterEndpoint,
      interruptionQueueName: queue.queue.name,
      nodeSelector: props.nodeSelector,
      tolerations: props.tolerations,
      replicas: props.replicas,
      irsaRoleArn: identity.type === "irsa" ? this.role.role.arn : undefined,
    });
    this.release = new HelmChart(this, "Release", {
      provider: props.provider,
      pin: {
        repository: KARPENTER_CHART.repository,
        chart: KARPENTER_CHART.chart,
        version: props.chartVersion,
      },
      releaseName: "karpenter",
      namespace: KARPENTER_NAMESPACE,
      skipCrds: true,
      values,
      dependsOn: [
        ...this.role.grants,
        ...(this.podIdentityAssociation ? [this.podIdentityAssociation] : []),
        ...queue.rules,
        ...(props.dependsOn ?? []),
      ],
    });
  }
}
