/**
 * Settings shared by the environments of this organisation. Spread into an environment file and
 * override any field there (`{ ...ORGANISATION, owner: "data-lab", … }`).
 */
export const ORGANISATION = {
  project: "dataplatform",
  accountId: "111111111111",
  region: "eu-west-3",
  owner: "platform-team",
  costCenter: "cc-data-0420",
} as const;

/**
 * IAM roles granted cluster admin in every EKS environment (access entries). The clusters grant no
 * implicit creator admin, so the role that runs `cdktf deploy` must be here.
 */
export const CLUSTER_ADMINS = [
  "arn:aws:iam::111111111111:role/platform-admin",
  "arn:aws:iam::111111111111:role/platform-deployer",
] as const;

/**
 * IAM roles granted read access to every EKS cluster (Secrets included): the CI plan role of
 * `config/ci.ts`, so pull-request plans can refresh the stacks' Kubernetes resources and Helm releases.
 */
export const CLUSTER_VIEWERS = ["arn:aws:iam::111111111111:role/platform-ci-plan"] as const;
