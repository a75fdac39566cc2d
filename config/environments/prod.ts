import { defineEnvironment } from "../define";
import { CLUSTER_ADMINS, CLUSTER_VIEWERS, ORGANISATION } from "../organisation";

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
  cluster: {
    mode: "regional",
    adminPrincipalArns: [...CLUSTER_ADMINS],
    viewerPrincipalArns: [...CLUSTER_VIEWERS],
    logRetentionDays: 365,
  },
  data: {
    objectStore: "s3",
    database: "rds",
    rds: { instanceClass: "db.m7g.large", multiAz: true, backupRetentionDays: 14 },
  },
});
