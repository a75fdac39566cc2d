/**
 * Regions where EKS creates local clusters on an Outposts rack with EBS (the "Amazon EKS local
 * clusters on AWS Outposts" overview of the EKS user guide, checked 2026-12: US East (Ohio, N.
 * Virginia), US West (N. California, Oregon), Asia Pacific (Seoul, Singapore, Sydney, Tokyo), Canada
 * (Central), Europe (Frankfurt, Ireland, London), Middle East (Bahrain), South America (São Paulo)).
 * Europe (Paris) is not among them. Add a region here when the guide lists it.
 */
export const EKS_LOCAL_CLUSTER_REGIONS = [
  "us-east-2",
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "me-south-1",
  "sa-east-1",
] as const;
