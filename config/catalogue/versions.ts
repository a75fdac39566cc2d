/**
 * Formats of the versions the config pins: EKS add-on versions, EKS-optimised AMI releases,
 * Karpenter AMI aliases and PostgreSQL engine versions.
 *
 * Sources (checked 2026-12):
 * - https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html and the pins of
 *   config/kubernetes-versions.ts (add-on versions such as `v1.20.4-eksbuild.1`)
 * - https://karpenter.sh/docs/concepts/nodeclasses/ (`amiSelectorTerms[].alias` is
 *   `<family>@<version>`, e.g. `al2023@latest`, `al2023@v20240807`); EKS AMI releases are
 *   `v<YYYYMMDD>` (e.g. v20251112)
 * - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html
 *   (RDS for PostgreSQL versions written `<major>.<minor>`: 13.18, 16.6, 17.2, 18.1)
 *
 * Not verified this pass: the list of alias families besides al2023 and which of them pin
 * releases (taken from the Karpenter v1 EC2NodeClass CRD as remembered: al2, al2023,
 * bottlerocket, windows2019, windows2022; Windows `latest` only).
 */

/** An EKS add-on version: `v1.20.4-eksbuild.1`. */
export const EKS_ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
/** An EKS-optimised AMI release: `v20260728`. */
export const AMI_RELEASE_VERSION = /^v(\d{4})(\d{2})(\d{2})$/;
/** An exact RDS for PostgreSQL version: `16.10`. */
export const POSTGRES_ENGINE_VERSION = /^(1\d|[2-9]\d)\.(0|[1-9]\d?)$/;

/** Versions a Karpenter alias family accepts after `@` (besides `latest`). */
export const KARPENTER_ALIAS_FAMILIES: Readonly<Record<string, RegExp | undefined>> = {
  al2023: AMI_RELEASE_VERSION,
  al2: AMI_RELEASE_VERSION,
  bottlerocket: /^v\d+\.\d+\.\d+$/,
  windows2019: undefined,
  windows2022: undefined,
};

/** Why `version` is not an EKS add-on version; undefined when it is. */
export function eksAddonVersionIssue(version: string): string | undefined {
  return EKS_ADDON_VERSION.test(version)
    ? undefined
    : "expected an EKS add-on version v<major>.<minor>.<patch>-eksbuild.<n> such as v1.20.4-eksbuild.1";
}

const pad = (n: number): string => String(n).padStart(2, "0");
const isoDay = (date: Date): string =>
  `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

/**
 * Why `version` is not an EKS-optimised AMI release: `v` and a real calendar date `YYYYMMDD`, not
 * after `now` (injectable for tests); undefined when it is.
 */
export function amiReleaseVersionIssue(version: string, now: Date = new Date()): string | undefined {
  const match = AMI_RELEASE_VERSION.exec(version);
  if (!match) return "expected an AMI release v<YYYYMMDD> such as v20251112";
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `expected an AMI release v<YYYYMMDD> of a real date; ${year}-${pad(month)}-${pad(day)} does not exist`;
  }
  if (isoDay(date) > isoDay(now)) {
    return `expected an AMI release already published: ${isoDay(date)} is after today (${isoDay(now)})`;
  }
  return undefined;
}

/**
 * Why `alias` is not a Karpenter AMI alias `<family>@<version>` (`al2023@latest`,
 * `al2023@v20260728`); a dated release is checked as {@link amiReleaseVersionIssue}. Undefined when valid.
 */
export function karpenterAmiAliasIssue(alias: string, now: Date = new Date()): string | undefined {
  const families = Object.keys(KARPENTER_ALIAS_FAMILIES);
  const [family, version, ...rest] = alias.split("@");
  if (version === undefined || rest.length > 0 || !families.includes(family)) {
    return `expected a Karpenter AMI alias <family>@<version> such as al2023@latest, the family one of: ${families.join(", ")}`;
  }
  if (version === "latest") return undefined;
  const pattern = KARPENTER_ALIAS_FAMILIES[family];
  if (!pattern) return `expected ${family}@latest: Karpenter pins no ${family} release`;
  if (!pattern.test(version)) {
    return `expected ${family}@latest or ${family}@${family === "bottlerocket" ? "v<major>.<minor>.<patch>" : "v<YYYYMMDD>"}`;
  }
  return pattern === AMI_RELEASE_VERSION ? amiReleaseVersionIssue(version, now) : undefined;
}

/** Why `version` is not an exact RDS for PostgreSQL version `<major>.<minor>`; undefined when it is. */
export function postgresEngineVersionIssue(version: string): string | undefined {
  return POSTGRES_ENGINE_VERSION.test(version)
    ? undefined
    : "expected an exact PostgreSQL version <major>.<minor> such as 16.10 (major 10 or later)";
}
