import { Fn, Token } from "cdktf";

/** A cdktf token inside a string (resolved later into a Terraform reference). */
const TOKEN = /\$\{TfToken\[TOKEN\.\d+\]\}/g;

/** The tokens of a value: each one inside its strings, and its unresolved numbers. */
function tokensIn(value: unknown, found: string[]): string[] {
  if (typeof value === "string") found.push(...(value.match(TOKEN) ?? []));
  else if (typeof value === "number" && Token.isUnresolved(value)) found.push(Token.asString(value));
  else if (Array.isArray(value)) value.forEach((item) => tokensIn(item, found));
  else if (value !== null && typeof value === "object")
    Object.values(value).forEach((item) => tokensIn(item, found));
  return found;
}

/**
 * A digest of the Terraform references a value holds (an RDS address, a secret's ARN, a bucket's
 * name), computed by Terraform at apply: `substr(sha256(jsonencode([…])), 0, length)`; undefined when
 * the value holds none. A name or checksum hashed at synth sees those references as text, not the
 * values they take: under Argo CD, whose manifests are resolved in the app-of-apps release's values,
 * this digest joins it so that a changed value still changes the name (a new Job) or the checksum (a
 * new pod).
 */
export function applyTimeDigest(value: unknown, length = 6): string | undefined {
  // Each reference once, in the order met.
  const tokens = [...new Set(tokensIn(value, []))];
  return tokens.length > 0 ? Fn.substr(Fn.sha256(Fn.jsonencode(tokens)), 0, length) : undefined;
}
