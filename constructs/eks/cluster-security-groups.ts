import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/** Properties of {@link ClusterSecurityGroups}. */
export interface ClusterSecurityGroupsProps {
  /** VPC of the cluster. */
  readonly vpcId: string;
  /** Cluster name: prefixes the group names and tags the node group for Karpenter discovery. */
  readonly clusterName: string;
  /**
   * Private networks allowed to call the Kubernetes API on 443 besides the nodes: where Terraform,
   * CI runners and operators reach the private endpoint from (the VPC, a VPN, on-premises ranges).
   * @default none
   */
  readonly apiClientCidrs?: ReadonlyArray<string>;
}

/** A rule: protocol, port range, what it is for. */
interface PortRule {
  readonly id: string;
  readonly description: string;
  readonly ipProtocol: "tcp" | "udp";
  readonly fromPort: number;
  readonly toPort: number;
}

/** Ports the control plane opens on nodes: kubelet, and the webhooks of the platform's controllers. */
const CLUSTER_TO_NODE: ReadonlyArray<PortRule> = [
  {
    id: "Kubelet",
    description: "Control plane to kubelet (logs, exec, metrics)",
    ipProtocol: "tcp",
    fromPort: 10250,
    toPort: 10250,
  },
  {
    id: "Webhooks443",
    description: "Control plane to admission webhooks on 443",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
  },
  {
    id: "Webhooks4443",
    description: "Control plane to metrics-server",
    ipProtocol: "tcp",
    fromPort: 4443,
    toPort: 4443,
  },
  {
    id: "Webhooks6443",
    description: "Control plane to KEDA's metrics API server",
    ipProtocol: "tcp",
    fromPort: 6443,
    toPort: 6443,
  },
  {
    id: "Webhooks8443",
    description: "Control plane to Karpenter's webhook",
    ipProtocol: "tcp",
    fromPort: 8443,
    toPort: 8443,
  },
  {
    id: "Webhooks9443",
    description: "Control plane to controller webhooks on 9443 (KEDA, load balancer controller)",
    ipProtocol: "tcp",
    fromPort: 9443,
    toPort: 9443,
  },
];

/** Ports nodes open to each other: DNS, and unprivileged ports for pod-to-pod traffic. */
const NODE_TO_NODE: ReadonlyArray<PortRule> = [
  {
    id: "DnsTcp",
    description: "CoreDNS over TCP between nodes",
    ipProtocol: "tcp",
    fromPort: 53,
    toPort: 53,
  },
  {
    id: "DnsUdp",
    description: "CoreDNS over UDP between nodes",
    ipProtocol: "udp",
    fromPort: 53,
    toPort: 53,
  },
  {
    id: "Ephemeral",
    description: "Pod-to-pod traffic on unprivileged ports between nodes",
    ipProtocol: "tcp",
    fromPort: 1025,
    toPort: 65535,
  },
];

/**
 * The cluster's additional security group (on the control-plane ENIs) and the node security group
 * (on every node: managed, self-managed and Karpenter's), with described, minimal rules between them.
 */
export class ClusterSecurityGroups extends Construct {
  public readonly clusterSecurityGroup: SecurityGroup;
  public readonly nodeSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: ClusterSecurityGroupsProps) {
    super(scope, id);
    const name = props.clusterName;
    this.clusterSecurityGroup = new SecurityGroup(this, "Cluster", {
      namePrefix: `${name}-cluster-`,
      description: "EKS control plane: HTTPS from the nodes",
      vpcId: props.vpcId,
      tags: { Name: `${name}-cluster` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.nodeSecurityGroup = new SecurityGroup(this, "Node", {
      namePrefix: `${name}-node-`,
      description: "EKS nodes: control plane, node-to-node and outbound traffic",
      vpcId: props.vpcId,
      tags: {
        Name: `${name}-node`,
        "karpenter.sh/discovery": name,
        [`kubernetes.io/cluster/${name}`]: "owned",
      },
      lifecycle: { createBeforeDestroy: true },
    });
    new VpcSecurityGroupIngressRule(this, "ClusterFromNodes", {
      securityGroupId: this.clusterSecurityGroup.id,
      description: "Nodes to the Kubernetes API",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: this.nodeSecurityGroup.id,
    });
    (props.apiClientCidrs ?? []).forEach((cidr, index) => {
      new VpcSecurityGroupIngressRule(this, `ClusterFromApiClients${index}`, {
        securityGroupId: this.clusterSecurityGroup.id,
        description: `Kubernetes API from ${cidr} (Terraform, CI runners, operators)`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    });
    for (const rule of CLUSTER_TO_NODE) {
      const { id: ruleId, ...ports } = rule;
      new VpcSecurityGroupIngressRule(this, `NodeFromCluster${ruleId}`, {
        securityGroupId: this.nodeSecurityGroup.id,
        referencedSecurityGroupId: this.clusterSecurityGroup.id,
        ...ports,
      });
    }
    for (const rule of NODE_TO_NODE) {
      const { id: ruleId, ...ports } = rule;
      new VpcSecurityGroupIngressRule(this, `NodeFromNodes${ruleId}`, {
        securityGroupId: this.nodeSecurityGroup.id,
        referencedSecurityGroupId: this.nodeSecurityGroup.id,
        ...ports,
      });
    }
    new VpcSecurityGroupEgressRule(this, "NodeEgress", {
      securityGroupId: this.nodeSecurityGroup.id,
      description: "Nodes to AWS APIs, registries and the cluster (through NAT or VPC endpoints)",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });
  }
}
