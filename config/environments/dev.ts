import { defineEnvironment } from "../define";
import { CLUSTER_ADMINS, CLUSTER_VIEWERS, ORGANISATION } from "../organisation";

/** Development: regional cluster, two AZs, one NAT gateway, small size profile. */
export default defineEnvironment({
  name: "dev",
  ...ORGANISATION,
  network: {
    cidr: "10.20.0.0/16",
    availabilityZones: ["eu-west-3a", "eu-west-3b"],
    natGateways: "single",
    flowLogRetentionDays: 30,
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "ec2", "logs", "eks-auth", "sqs"],
  },
  cluster: {
    mode: "regional",
    adminPrincipalArns: [...CLUSTER_ADMINS],
    viewerPrincipalArns: [...CLUSTER_VIEWERS],
  },
  data: { objectStore: "s3", database: "rds", sizeProfile: "small", spark: {} },
  ecs: { enabled: true },
});
