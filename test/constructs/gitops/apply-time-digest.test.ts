import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformStack, Testing, Token } from "cdktf";
import { applyTimeDigest } from "../../../constructs/gitops/apply-time-digest";
import { parse } from "../../helpers/synth";

describe("applyTimeDigest", () => {
  it("is undefined for a value without Terraform references", () => {
    expect(
      applyTimeDigest({ host: "postgres.platform-db.svc", port: 5432, xml: "<a>${env.X}</a>" }),
    ).toBeUndefined();
  });

  it("hashes, at apply, every reference of the value: whole strings, inside text, and numbers", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "eu-west-3" });
    const bucket = new S3Bucket(stack, "Bucket", { bucket: "b" });
    const digest = applyTimeDigest({
      bucket: bucket.bucket,
      xml: `<value>${bucket.arn}</value>`,
      port: Token.asNumber(bucket.id),
      literal: "unchanged",
    });
    expect(digest).toBeDefined();
    new SsmParameter(stack, "Name", { name: "n", type: "String", value: `job-abc-${digest}` });
    const value = (
      parse(Testing.synth(stack)).resource!.aws_ssm_parameter as Record<string, { value: string }>
    ).Name.value;
    expect(value).toBe(
      "job-abc-${substr(sha256(jsonencode([aws_s3_bucket.Bucket.bucket, aws_s3_bucket.Bucket.arn, aws_s3_bucket.Bucket.id])), 0, 6)}",
    );
  });
});
