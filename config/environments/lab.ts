import { defineEnvironment } from "../define";
import { CLUSTER_ADMINS, CLUSTER_VIEWERS, ORGANISATION } from "../organisation";

/** The seeds' single small EKS cluster: MinIO, in-cluster PostgreSQL, small size profile. */
export default defineEnvironment({
  name: "lab",
  ...ORGANISATION,
  owner: "data-lab",
  costCenter: "cc-data-0421",
  network: {
    cidr: "10.60.0.0/20",
    availabilityZones: ["eu-west-3a", "eu-west-3b"],
    natGateways: "single",
    flowLogRetentionDays: 14,
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "eks-auth", "sqs"],
  },
  cluster: {
    mode: "regional",
    adminPrincipalArns: [...CLUSTER_ADMINS],
    viewerPrincipalArns: [...CLUSTER_VIEWERS],
  },
  data: { objectStore: "minio", database: "in-cluster", sizeProfile: "small", spark: {}, metastore: "hive" },
});
