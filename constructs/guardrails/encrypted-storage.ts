import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import {
  LaunchTemplate,
  type LaunchTemplateBlockDeviceMappings,
} from "@cdktf/provider-aws/lib/launch-template";
import { Tokenization, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { reportViolation } from "./report";

/**
 * Fails synth on storage that is not encrypted with a customer-managed key: launch template EBS
 * volumes without `encrypted = "true"` and a `kms_key_id`, DB instances without `storage_encrypted`
 * and a `kms_key_id`.
 */
export class EncryptedStorage implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof LaunchTemplate) {
      const mappings = node.blockDeviceMappingsInput;
      if (mappings === undefined || Tokenization.isResolvable(mappings)) return;
      (mappings as LaunchTemplateBlockDeviceMappings[]).forEach((mapping) => {
        const ebs = mapping.ebs;
        if (ebs && (ebs.encrypted !== "true" || !ebs.kmsKeyId)) {
          reportViolation(
            node,
            "encrypted-storage",
            `volume ${mapping.deviceName ?? "(unnamed)"} must be encrypted with a customer-managed key: set ebs.encrypted = "true" and ebs.kmsKeyId`,
          );
        }
      });
    }
    if (node instanceof DbInstance && (node.storageEncryptedInput !== true || !node.kmsKeyIdInput)) {
      reportViolation(
        node,
        "encrypted-storage",
        "must be encrypted with a customer-managed key: set storageEncrypted = true and kmsKeyId",
      );
    }
  }
}
