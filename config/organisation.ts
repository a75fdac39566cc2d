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
