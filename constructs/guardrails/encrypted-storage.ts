import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blocksOf, isSet, isToken } from "./attributes";
import { reportViolation } from "./report";

/** `true` as Terraform takes it (a bool, or the string the launch template's `encrypted` is), or a token. */
const isTrue = (value: unknown): boolean => value === true || value === "true" || isToken(value);

/**
 * Fails synth on storage that is not encrypted with a customer-managed key: launch template EBS
 * volumes without `encrypted = "true"` and a `kms_key_id`, DB instances without `storage_encrypted`
 * and a `kms_key_id`. Read from the resources' Terraform attributes (overrides and raw resources of
 * these types included); a token is not judged.
 */
export class EncryptedStorage implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const type = node.terraformResourceType;
    if (type === "aws_launch_template") {
      for (const mapping of blocksOf(attributesOf(node).block_device_mappings)) {
        for (const ebs of blocksOf(mapping.ebs)) {
          if (isTrue(ebs.encrypted) && isSet(ebs.kms_key_id)) continue;
          const device = typeof mapping.device_name === "string" ? mapping.device_name : "(unnamed)";
          reportViolation(
            node,
            "encrypted-storage",
            `volume ${device} must be encrypted with a customer-managed key: set ebs.encrypted = "true" and ebs.kmsKeyId`,
          );
        }
      }
    } else if (type === "aws_db_instance") {
      const database = attributesOf(node);
      if (isTrue(database.storage_encrypted) && isSet(database.kms_key_id)) return;
      reportViolation(
        node,
        "encrypted-storage",
        "must be encrypted with a customer-managed key: set storageEncrypted = true and kmsKeyId",
      );
    }
  }
}
