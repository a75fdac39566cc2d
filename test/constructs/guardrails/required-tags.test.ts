import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Aspects, TerraformResource, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { RequiredTags } from "../../../constructs/guardrails/required-tags";
import { suppressGuardrail } from "../../../constructs/guardrails/suppressions";
import { REQUIRED_TAG_KEYS } from "../../../stacks/tags";
import { errorAnnotations } from "../../helpers/synth";

const ALL_TAGS = { environment: "t", project: "p", "managed-by": "cdktf", owner: "o", "cost-center": "c" };

function stackWith(defaultTags: Record<string, string> | undefined): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "guarded");
  new AwsProvider(stack, "aws", {
    region: "eu-west-3",
    defaultTags: defaultTags ? [{ tags: defaultTags }] : undefined,
  });
  Aspects.of(stack).add(new RequiredTags(REQUIRED_TAG_KEYS));
  return stack;
}

describe("required-tags guardrail", () => {
  it("fails a taggable resource whose provider has no default tags, naming the missing tags", () => {
    const stack = stackWith(undefined);
    new S3Bucket(stack, "Bucket", { bucket: "b" });
    expect(errorAnnotations(stack)).toEqual([
      "guarded/Bucket: [required-tags] guarded/Bucket (aws_s3_bucket): missing required tag(s) environment, project, managed-by, owner, cost-center: set them in the provider's defaultTags or on the resource",
    ]);
  });

  it("counts the resource's own tags with the provider's default tags", () => {
    const stack = stackWith({ environment: "t", project: "p" });
    new S3Bucket(stack, "Bucket", { bucket: "b", tags: { "managed-by": "cdktf", owner: "o" } });
    expect(errorAnnotations(stack)).toEqual([
      expect.stringMatching(/missing required tag\(s\) cost-center:/),
    ]);
  });

  it("passes a resource tagged through the provider's default tags", () => {
    const stack = stackWith(ALL_TAGS);
    new S3Bucket(stack, "Bucket", { bucket: "b" });
    expect(errorAnnotations(stack)).toEqual([]);
  });

  it("ignores resources that have no tags attribute", () => {
    const stack = stackWith(undefined);
    new AutoscalingGroup(stack, "Group", { maxSize: 1, minSize: 1 });
    expect(errorAnnotations(stack)).toEqual([]);
  });

  it("honours a documented suppression, and only with a reason", () => {
    const stack = stackWith(undefined);
    const bucket = new S3Bucket(stack, "Bucket", { bucket: "b" });
    suppressGuardrail(bucket, "required-tags", "imported bucket, tagged by another team");
    expect(errorAnnotations(stack)).toEqual([]);
    expect(() => suppressGuardrail(bucket, "required-tags", "")).toThrow(
      /needs a reason of at least 10 characters/,
    );
  });

  it("makes a full synth fail", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "guarded");
    new AwsProvider(stack, "aws", { region: "eu-west-3" });
    Aspects.of(stack).add(new RequiredTags(REQUIRED_TAG_KEYS));
    new S3Bucket(stack, "Bucket", { bucket: "b" });
    expect(() => app.synth()).toThrow(
      /\[required-tags\] guarded\/Bucket \(aws_s3_bucket\): missing required tag/,
    );
  });

  it("reads tags from the Terraform attributes: overrides count, on the resource and on the provider", () => {
    const stack = stackWith({ environment: "t", project: "p", "managed-by": "cdktf" });
    const provider = stack.node.findChild("aws") as AwsProvider;
    provider.addOverride("default_tags.0.tags.owner", "o");
    const tagged = new S3Bucket(stack, "Tagged", { bucket: "t" });
    tagged.addOverride("tags.cost-center", "c");
    const untagged = new S3Bucket(stack, "Untagged", { bucket: "u", tags: { "cost-center": "c" } });
    untagged.addOverride("tags.cost-center", "");
    expect(errorAnnotations(stack)).toEqual([
      "guarded/Untagged: [required-tags] guarded/Untagged (aws_s3_bucket): missing required tag(s) cost-center: set them in the provider's defaultTags or on the resource",
    ]);
  });

  it("judges a raw aws_ resource that writes tags, not one that writes none nor another provider's", () => {
    const stack = stackWith({ environment: "t", project: "p", "managed-by": "cdktf" });
    const partial = new TerraformResource(stack, "RawPartial", { terraformResourceType: "aws_s3_bucket" });
    partial.addOverride("tags", { owner: "o" });
    const complete = new TerraformResource(stack, "RawComplete", { terraformResourceType: "aws_sqs_queue" });
    complete.addOverride("tags", { owner: "o", "cost-center": "c" });
    // No tags written: a raw resource cannot be told from a type without tags (documented).
    new TerraformResource(stack, "RawNoTags", { terraformResourceType: "aws_s3_bucket" });
    const other = new TerraformResource(stack, "RawOther", {
      terraformResourceType: "google_storage_bucket",
    });
    other.addOverride("labels", {});
    other.addOverride("tags", {});
    expect(errorAnnotations(stack)).toEqual([
      "guarded/RawPartial: [required-tags] guarded/RawPartial (aws_s3_bucket): missing required tag(s) cost-center: set them in the provider's defaultTags or on the resource",
    ]);
  });

  it("judges subclasses of provider classes, and the aliased provider a resource uses", () => {
    const stack = stackWith(ALL_TAGS);
    class ProjectBucket extends S3Bucket {}
    const bare = new AwsProvider(stack, "bare", { region: "us-east-1", alias: "bare" });
    new ProjectBucket(stack, "Sub", { bucket: "s", provider: bare, tags: { owner: "o" } });
    expect(errorAnnotations(stack)).toEqual([
      "guarded/Sub: [required-tags] guarded/Sub (aws_s3_bucket): missing required tag(s) environment, project, managed-by, cost-center: set them in the provider's defaultTags or on the resource",
    ]);
  });

  it("never judges tokens as literals: a tag map that is a token is unknown, a token tag value is set", () => {
    const stack = stackWith(undefined);
    const tags = new TerraformVariable(stack, "tags", { type: "map(string)" });
    const owner = new TerraformVariable(stack, "owner", { type: "string" }).stringValue;
    new S3Bucket(stack, "Unknown", { bucket: "u", tags: tags.value as Record<string, string> });
    new S3Bucket(stack, "Known", {
      bucket: "k",
      tags: { environment: "t", project: "p", "managed-by": "cdktf", owner, "cost-center": "c" },
    });
    expect(errorAnnotations(stack)).toEqual([]);
  });
});
