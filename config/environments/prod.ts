import { defineEnvironment } from "../define";
import { ORGANISATION } from "../organisation";

/** Production: three AZs, a NAT gateway per AZ, every endpoint, production protections. */
export default defineEnvironment({
  name: "prod",
  ...ORGANISATION,
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
