/**
 * PostgreSQL versions RDS creates new instances of, kept here so the config refuses at synth what
 * `CreateDBInstance` refuses at apply. Extend the lists when RDS publishes a minor version; move a
 * version to {@link RETIRED_POSTGRES_VERSIONS} when RDS stops creating it.
 *
 * Sources (checked 2026-12): the RDS for PostgreSQL release calendar and AWS Health notice of
 * 2026 ("Starting May 1, 2026, you will not be able to create new database instances on 16.5, 16.6,
 * 16.7, 16.8 … 17.1, 17.2, 17.3, 17.4"); `aws rds describe-db-engine-versions --engine postgres`
 * listed 16.9–16.15 and 17.5–17.10 as available in eu-west-1 and eu-central-1 in 2026.
 * Before a deploy, check the region (and, for an Outpost, the rack) with:
 *   aws rds describe-db-engine-versions --engine postgres --query 'DBEngineVersions[].EngineVersion'
 *   aws rds describe-orderable-db-instance-options --engine postgres --engine-version <v> \
 *     --query 'OrderableDBInstanceOptions[?OutpostCapable==`true`].DBInstanceClass'
 */

/** Minor versions RDS creates new PostgreSQL instances of. */
export const CREATABLE_POSTGRES_VERSIONS = [
  "16.9",
  "16.10",
  "16.11",
  "16.12",
  "16.13",
  "16.14",
  "16.15",
  "17.5",
  "17.6",
  "17.7",
  "17.8",
  "17.9",
  "17.10",
] as const;

/** Minor versions RDS no longer creates, with the date it stopped. */
export const RETIRED_POSTGRES_VERSIONS: Readonly<Record<string, string>> = {
  "16.1": "2025",
  "16.2": "2025",
  "16.3": "2025",
  "16.4": "2025",
  "16.5": "2026-05-01",
  "16.6": "2026-05-01",
  "16.7": "2026-05-01",
  "16.8": "2026-05-01",
  "17.1": "2026-05-01",
  "17.2": "2026-05-01",
  "17.3": "2026-05-01",
  "17.4": "2026-05-01",
};

/**
 * The version new platform databases get: a 16.x minor every region offered in 2026 (and the
 * major the Outposts rack tested here runs); upgrades are explicit (`autoMinorVersionUpgrade` off).
 */
export const DEFAULT_POSTGRES_VERSION = "16.13";

/** Why RDS would refuse to create `version`, or undefined when it would create it. */
export function postgresVersionProblem(version: string): string | undefined {
  if ((CREATABLE_POSTGRES_VERSIONS as ReadonlyArray<string>).includes(version)) return undefined;
  const retired = RETIRED_POSTGRES_VERSIONS[version];
  const allowed = `expected one of the PostgreSQL versions this project deploys, 16.x and 17.x minors RDS still creates: ${CREATABLE_POSTGRES_VERSIONS.join(", ")} (config/postgres-versions.ts; add a newer minor there once RDS publishes it)`;
  return retired
    ? `RDS no longer creates PostgreSQL ${version} instances (since ${retired}); ${allowed}`
    : allowed;
}
