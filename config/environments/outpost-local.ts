import { defineEnvironment } from "../define";
import { CLUSTER_ADMINS, ORGANISATION } from "../organisation";

/** EKS local cluster: control plane, nodes and database all on the Outpost rack. */
export default defineEnvironment({
  name: "outpost-local",
  ...ORGANISATION,
  network: {
    cidr: "10.50.0.0/16",
    availabilityZones: ["eu-west-3a", "eu-west-3b"],
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
  cluster: { mode: "outpost-local", adminPrincipalArns: [...CLUSTER_ADMINS] },
  outpost: {
    arn: "arn:aws:outposts:eu-west-3:111111111111:outpost/op-0a1b2c3d4e5f60718",
    availabilityZone: "eu-west-3a",
    subnetCidr: "10.50.200.0/22",
  },
  karpenter: { enabled: false },
  data: { objectStore: "s3", database: "rds" },
});
