import { defineEnvironment } from "../define";
import { CLUSTER_ADMINS, CLUSTER_VIEWERS, ORGANISATION } from "../organisation";

/** Regional control plane, workers and the platform database on the Outpost rack. */
export default defineEnvironment({
  name: "outpost",
  ...ORGANISATION,
  network: {
    cidr: "10.40.0.0/16",
    availabilityZones: ["eu-west-3a", "eu-west-3b"],
    natGateways: "single",
    flowLogRetentionDays: 90,
  },
  cluster: {
    mode: "outpost-extended",
    adminPrincipalArns: [...CLUSTER_ADMINS],
    viewerPrincipalArns: [...CLUSTER_VIEWERS],
  },
  outpost: {
    arn: "arn:aws:outposts:eu-west-3:111111111111:outpost/op-0a1b2c3d4e5f60718",
    availabilityZone: "eu-west-3a",
    subnetCidr: "10.40.200.0/22",
  },
  data: { objectStore: "s3", database: "rds" },
});
