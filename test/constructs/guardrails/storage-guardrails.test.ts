import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformResource, TerraformStack, TerraformVariable, Testing } from "cdktf";
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

describe("storage and instance guardrails read Terraform attributes", () => {
  it("fail what an escape-hatch override makes public, unencrypted or IMDSv1", () => {
    const stack = guardedStack();
    const template = new LaunchTemplate(stack, "Template", {
      metadataOptions: { httpTokens: "required" },
      blockDeviceMappings: encryptedRoot,
    });
    template.addOverride("metadata_options.http_tokens", "optional");
    template.addOverride("block_device_mappings.0.ebs.encrypted", "false");
    const db = new DbInstance(stack, "Db", {
      ...database,
      storageEncrypted: true,
      kmsKeyId: "arn:key",
      publiclyAccessible: false,
    });
    db.addOverride("publicly_accessible", true);
    db.addOverride("storage_encrypted", false);
    expect(errorAnnotations(stack)).toEqual([
      expect.stringMatching(
        /\[imdsv2-required\] guarded\/Template \(aws_launch_template\): must require IMDSv2/,
      ),
      expect.stringMatching(
        /\[encrypted-storage\] guarded\/Template \(aws_launch_template\): volume \/dev\/xvda must be encrypted/,
      ),
      expect.stringMatching(/\[encrypted-storage\] guarded\/Db \(aws_db_instance\): must be encrypted/),
      expect.stringMatching(
        /\[private-databases\] guarded\/Db \(aws_db_instance\): must not be publicly accessible/,
      ),
    ]);
  });

  it("pass what an override makes compliant", () => {
    const stack = guardedStack();
    const template = new LaunchTemplate(stack, "Template", { blockDeviceMappings: encryptedRoot });
    template.addOverride("metadata_options.http_tokens", "required");
    const db = new DbInstance(stack, "Db", { ...database, storageEncrypted: true, kmsKeyId: "arn:key" });
    db.addOverride("publicly_accessible", false);
    expect(errorAnnotations(stack)).toEqual([]);
  });

  it("judge raw TerraformResources of these types like their provider classes", () => {
    const stack = guardedStack();
    const db = new TerraformResource(stack, "RawDb", { terraformResourceType: "aws_db_instance" });
    db.addOverride("instance_class", "db.m5.large");
    db.addOverride("publicly_accessible", true);
    const template = new TerraformResource(stack, "RawTemplate", {
      terraformResourceType: "aws_launch_template",
    });
    template.addOverride("block_device_mappings", [{ device_name: "/dev/sdb", ebs: { volume_size: 10 } }]);
    const good = new TerraformResource(stack, "RawGoodDb", { terraformResourceType: "aws_db_instance" });
    good.addOverride("publicly_accessible", false);
    good.addOverride("storage_encrypted", true);
    good.addOverride("kms_key_id", "arn:key");
    expect(errorAnnotations(stack)).toEqual([
      expect.stringMatching(/\[encrypted-storage\] guarded\/RawDb \(aws_db_instance\): must be encrypted/),
      expect.stringMatching(
        /\[private-databases\] guarded\/RawDb \(aws_db_instance\): must not be publicly accessible/,
      ),
      expect.stringMatching(
        /\[imdsv2-required\] guarded\/RawTemplate \(aws_launch_template\): must require IMDSv2/,
      ),
      expect.stringMatching(
        /\[encrypted-storage\] guarded\/RawTemplate \(aws_launch_template\): volume \/dev\/sdb must be encrypted/,
      ),
    ]);
  });

  it("never judge a token as a literal", () => {
    const stack = guardedStack();
    const flag = (name: string) => new TerraformVariable(stack, name, { type: "bool" }).booleanValue;
    const httpTokens = new TerraformVariable(stack, "http_tokens", { type: "string" }).stringValue;
    new LaunchTemplate(stack, "Template", {
      metadataOptions: { httpTokens },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            encrypted: new TerraformVariable(stack, "enc", { type: "string" }).stringValue,
            kmsKeyId: "k",
          },
        },
      ],
    });
    new DbInstance(stack, "Db", {
      ...database,
      storageEncrypted: flag("encrypted"),
      kmsKeyId: "arn:key",
      publiclyAccessible: flag("public"),
    });
    expect(errorAnnotations(stack)).toEqual([]);
  });
});
