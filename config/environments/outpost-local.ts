import { defineEnvironment } from "../define";
import { CLUSTER_ADMINS, CLUSTER_VIEWERS, ORGANISATION } from "../organisation";

/**
 * EKS local cluster: control plane, nodes and database all on the Outpost rack. In Ireland: EKS
 * does not offer local clusters in Paris (config/eks-local-cluster-regions.ts).
 */
export default defineEnvironment({
  name: "outpost-local",
  ...ORGANISATION,
  region: "eu-west-1",
  network: {
    cidr: "10.50.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    natGateways: "single",
    flowLogRetentionDays: 90,
    interfaceEndpoints: [
      "ec2",
      "ecr.api",
      "ecr.dkr",
      "logs",
      "secretsmanager",
      "ssm",
      "ssmmessages",
      "ec2messages",
      "sts",
    ],
  },
  cluster: {
    mode: "outpost-local",
    adminPrincipalArns: [...CLUSTER_ADMINS],
    viewerPrincipalArns: [...CLUSTER_VIEWERS],
  },
  outpost: {
    arn: "arn:aws:outposts:eu-west-1:111111111111:outpost/op-0a1b2c3d4e5f60718",
    availabilityZone: "eu-west-1a",
    subnetCidr: "10.50.200.0/22",
  },
  karpenter: { enabled: false },
  data: { objectStore: "s3", database: "rds" },
});
