import { TerraformStack, Testing } from "cdktf";
import { cloudWatchLogsKeyStatement } from "../../../constructs/kms/cloudwatch-logs-statement";
import { EncryptionKey } from "../../../constructs/kms/encryption-key";
import { onlyResource } from "../../helpers/synth";

const BASE = { description: "test", aliasName: "test", accountId: "123456789012", region: "eu-west-3" };

describe("EncryptionKey", () => {
  it("rotates, keeps a 30-day deletion window and aliases the key by default", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new EncryptionKey(stack, "Key", BASE);
    const synth = Testing.synth(stack);
    expect(onlyResource(synth, "aws_kms_key")).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(onlyResource(synth, "aws_kms_alias").name).toBe("alias/test");
  });

  it("appends extra statements after the account's own, and nothing else", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new EncryptionKey(stack, "Key", {
      ...BASE,
      additionalStatements: [cloudWatchLogsKeyStatement("123456789012", "cn-north-1")],
    });
    const policy = JSON.parse(String(onlyResource(Testing.synth(stack), "aws_kms_key").policy));
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "AccountAdministration",
      "CloudWatchLogsOfThisAccount",
    ]);
    expect(policy.Statement[1].Principal).toEqual({ Service: "logs.cn-north-1.amazonaws.com.cn" });
    expect(policy.Statement[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toBe(
      "arn:aws-cn:logs:cn-north-1:123456789012:log-group:*",
    );
  });

  it("refuses a deletion window KMS does not accept", () => {
    expect(() => new EncryptionKey(Testing.app(), "Key", { ...BASE, deletionWindowInDays: 3 })).toThrow(
      /Key: deletionWindowInDays must be between 7 and 30, received 3/,
    );
  });
});
