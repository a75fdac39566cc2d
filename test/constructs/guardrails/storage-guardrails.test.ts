import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { EncryptedStorage } from "../../../constructs/guardrails/encrypted-storage";
import { Imdsv2Required } from "../../../constructs/guardrails/imdsv2-required";
import { PrivateDatabases } from "../../../constructs/guardrails/private-databases";
import { suppressGuardrail } from "../../../constructs/guardrails/suppressions";
import { errorAnnotations } from "../../helpers/synth";

function guardedStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", { region: "eu-west-3" });
  Aspects.of(stack).add(new Imdsv2Required());
  Aspects.of(stack).add(new EncryptedStorage());
  Aspects.of(stack).add(new PrivateDatabases());
  return stack;
}

const encryptedRoot = [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: "arn:key" } }];
const database = { engine: "postgres", instanceClass: "db.m5.large", allocatedStorage: 20 };

describe("storage and instance guardrails", () => {
  it("pass a launch template with IMDSv2 and a CMK-encrypted volume, and a private encrypted database", () => {
    const stack = guardedStack();
    new LaunchTemplate(stack, "Template", {
      metadataOptions: { httpTokens: "required" },
      blockDeviceMappings: encryptedRoot,
    });
    new DbInstance(stack, "Db", {
      ...database,
      storageEncrypted: true,
      kmsKeyId: "arn:key",
      publiclyAccessible: false,
    });
    expect(errorAnnotations(stack)).toEqual([]);
  });

  it("fail a launch template that allows IMDSv1", () => {
    const stack = guardedStack();
    new LaunchTemplate(stack, "Template", {
      metadataOptions: { httpTokens: "optional" },
      blockDeviceMappings: encryptedRoot,
    });
    expect(errorAnnotations(stack)).toEqual([
      expect.stringMatching(
        /Template: \[imdsv2-required\] guarded\/Template \(aws_launch_template\): must require IMDSv2/,
      ),
    ]);
  });

  it("fail a launch template with an unencrypted or AWS-key volume", () => {
    const stack = guardedStack();
    new LaunchTemplate(stack, "Template", {
      metadataOptions: { httpTokens: "required" },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }],
    });
    expect(errorAnnotations(stack)).toEqual([
      expect.stringMatching(
        /\[encrypted-storage\] guarded\/Template \(aws_launch_template\): volume \/dev\/xvda must be encrypted with a customer-managed key/,
      ),
    ]);
  });

  it("fail an unencrypted database and a public one", () => {
    const stack = guardedStack();
    new DbInstance(stack, "Plain", { ...database, publiclyAccessible: false });
    new DbInstance(stack, "Public", {
      ...database,
      storageEncrypted: true,
      kmsKeyId: "arn:key",
      publiclyAccessible: true,
    });
    expect(errorAnnotations(stack)).toEqual([
      expect.stringMatching(
        /\[encrypted-storage\] guarded\/Plain \(aws_db_instance\): must be encrypted with a customer-managed key/,
      ),
      expect.stringMatching(
        /\[private-databases\] guarded\/Public \(aws_db_instance\): must not be publicly accessible/,
      ),
    ]);
  });

  it("let a documented suppression through, and only for its rule", () => {
    const stack = guardedStack();
    const template = new LaunchTemplate(stack, "Template", { metadataOptions: { httpTokens: "optional" } });
    suppressGuardrail(template, "imdsv2-required", "legacy AMI that reads IMDSv1 at boot");
    new DbInstance(stack, "Public", {
      ...database,
      storageEncrypted: true,
      kmsKeyId: "arn:key",
      publiclyAccessible: true,
    });
    expect(errorAnnotations(stack)).toEqual([
      expect.stringMatching(
        /\[private-databases\] guarded\/Public \(aws_db_instance\): must not be publicly accessible/,
      ),
    ]);
  });
});
