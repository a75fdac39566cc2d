import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * A self-signed P-256 certificate made by openssl in `dir` (`<name>.pem`, its key beside it): a CA
 * unless `ca` is false. Returns the certificate's path.
 */
export function selfSignedPem(
  dir: string,
  name: string,
  options: { ca?: boolean; subject?: string } = {},
): string {
  const out = join(dir, `${name}.pem`);
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30"],
      ...["-subj", `/CN=${options.subject ?? name}`, "-keyout", join(dir, `${name}.key`), "-out", out],
      ...["-addext", `basicConstraints=critical,CA:${options.ca === false ? "FALSE" : "TRUE"}`],
    ],
    { stdio: "ignore" },
  );
  return out;
}
