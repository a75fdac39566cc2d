import { cidrContains, isValidCidr, parseCidr } from "../constructs/network/subnet-plan";
import type { ConfigIssue } from "./errors";

/** Private IPv4 space (RFC 1918 and the shared 100.64/10 range). */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

/**
 * Most addresses a public allowlist may admit, however it is split: a /12 (1,048,576 addresses).
 * Office, VPN and CI egress ranges are a few /24s at most; more is the internet in all but name.
 */
export const MAX_PUBLIC_ALLOWLIST_ADDRESSES = 2n ** 20n;

/** How many distinct addresses the CIDRs cover together (overlaps counted once). */
export function addressesCovered(cidrs: ReadonlyArray<string>): bigint {
  const spans = cidrs
    .filter(isValidCidr)
    .map((cidr) => {
      const range = parseCidr(cidr);
      return { first: range.getFirst().getValue(), last: range.getLast().getValue() };
    })
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let total = 0n;
  let end = -1n;
  for (const { first, last } of spans) {
    const start = first > end ? first : end + 1n;
    if (last >= start) total += last - start + 1n;
    if (last > end) end = last;
  }
  return total;
}

const isPrivate = (cidr: string) => PRIVATE_RANGES.some((range) => cidrContains(range, cidr));

/**
 * Problems of an allowlist of the internet-facing API endpoint, checked as networks, not strings:
 * each entry a CIDR on its boundary and public, and all of them together no more than
 * {@link MAX_PUBLIC_ALLOWLIST_ADDRESSES} (so `0.0.0.0/1` + `128.0.0.0/1` is refused like `0.0.0.0/0`).
 */
export function publicAllowlistIssues(path: string, cidrs: ReadonlyArray<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  cidrs.forEach((cidr, index) => {
    if (!isValidCidr(cidr)) {
      issues.push({
        path: `${path}[${index}]`,
        message: "expected an IPv4 CIDR starting on its network boundary (e.g. 203.0.113.0/24)",
        received: cidr,
      });
    } else if (isPrivate(cidr)) {
      issues.push({
        path: `${path}[${index}]`,
        message:
          "expected public address space: the public endpoint only sees internet source addresses; list private networks in cluster.apiClientCidrs",
        received: cidr,
      });
    }
  });
  const covered = addressesCovered(cidrs);
  if (covered > MAX_PUBLIC_ALLOWLIST_ADDRESSES) {
    issues.push({
      path,
      message: `together admit ${covered.toLocaleString("en-US")} addresses, more than ${MAX_PUBLIC_ALLOWLIST_ADDRESSES.toLocaleString("en-US")} (a /12): that is a large part of the internet, however it is split; list only the networks that need the API`,
      received: cidrs,
    });
  }
  return issues;
}

/** Problems of an allowlist of the private API endpoint: each entry a CIDR of private address space. */
export function privateAllowlistIssues(path: string, cidrs: ReadonlyArray<string>): ConfigIssue[] {
  return cidrs.flatMap((cidr, index) =>
    isValidCidr(cidr) && isPrivate(cidr)
      ? []
      : [
          {
            path: `${path}[${index}]`,
            message: `expected a valid CIDR of private address space (${PRIVATE_RANGES.join(", ")}): it reaches the private endpoint; use publicAccessCidrs for internet ranges`,
            received: cidr,
          },
        ],
  );
}
