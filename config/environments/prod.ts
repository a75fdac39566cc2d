import { defineEnvironment } from "../define";

/** Production: three AZs, a NAT gateway per AZ, every endpoint, production protections. */
export default defineEnvironment({
  name: "prod",
  project: "dataplatform",
  accountId: "111111111111",
  region: "eu-west-3",
  owner: "platform-team",
  costCenter: "cc-data-0420",
  production: true,
  network: {
    cidr: "10.30.0.0/16",
    availabilityZones: ["eu-west-3a", "eu-west-3b", "eu-west-3c"],
    natGateways: "per-az",
    flowLogRetentionDays: 365,
  },
  cluster: { mode: "regional" },
  data: { objectStore: "s3", database: "rds" },
});
