import type { TerraformStack } from "cdktf";

/**
 * Terraform (or OpenTofu) versions every stack accepts: S3 native locking (`use_lockfile`) exists
 * from 1.10 on in both, and an older binary would ignore or refuse the backend block.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/** Writes `terraform.required_version`, so `init` with an older binary fails with a clear message. */
export function requireTerraformVersion(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
}
