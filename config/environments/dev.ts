import { defineEnvironment } from "../define";

/** Development: regional cluster, two AZs, one NAT gateway, small size profile. */
export default defineEnvironment({
  name: "dev",
  project: "dataplatform",
  accountId: "111111111111",
  region: "eu-west-3",
  owner: "platform-team",
  costCenter: "cc-data-0420",
  network: {
    cidr: "10.20.0.0/16",
    availabilityZones: ["eu-west-3a", "eu-west-3b"],
    natGateways: "single",
    flowLogRetentionDays: 30,
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "ec2", "logs", "eks-auth", "sqs"],
  },
  cluster: { mode: "regional" },
  data: { objectStore: "s3", database: "rds", sizeProfile: "small" },
});
