import { stateAccessStatements, type StateBackendAccess } from "../../../constructs/ci/state-access";

const BACKEND: StateBackendAccess = {
  accountId: "123456789012",
  region: "eu-west-3",
  bucketName: "tfstate",
  lockTableName: "locks",
  kmsKeyAlias: "tfstate",
  keyPrefixes: ["dev/", "prod/"],
  lockfileKeyPrefixes: ["prod/"],
};

const actionsOn = (statements: ReturnType<typeof stateAccessStatements>, resource: string) =>
  statements
    .filter((s) => [s.Resource].flat().includes(resource))
    .flatMap((s) => [s.Action].flat())
    .sort();

describe("stateAccessStatements", () => {
  it("gives a plan the S3 backend's reads only: no lock, no lock file, no state write", () => {
    const plan = stateAccessStatements([BACKEND], "plan");
    expect(actionsOn(plan, "arn:aws:s3:::tfstate")).toEqual(["s3:ListBucket"]);
    expect(actionsOn(plan, "arn:aws:s3:::tfstate/dev/*")).toEqual(["s3:GetObject"]);
    expect(actionsOn(plan, "arn:aws:s3:::tfstate/prod/*.tflock")).toEqual([]);
    expect(actionsOn(plan, "arn:aws:dynamodb:eu-west-3:123456789012:table/locks")).toEqual([
      "dynamodb:GetItem",
    ]);
    expect(
      plan.flatMap((s) => [s.Action].flat()).filter((a) => /Put|Delete|Encrypt|GenerateDataKey/.test(a)),
    ).toEqual([]);
  });

  it("lets a deploy take and release the DynamoDB locks and write the digests of its state objects", () => {
    const [deploy] = stateAccessStatements([BACKEND], "deploy").filter((s) =>
      [s.Action].flat().includes("dynamodb:PutItem"),
    );
    // LockID is `<bucket>/<key>` for the lock and `<bucket>/<key>-md5` for the digest.
    expect(deploy.Condition).toEqual({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["tfstate/dev/*", "tfstate/prod/*"] },
    });
  });

  it("writes lock files only for prefixes that lock with S3, and only for a deploy", () => {
    const deploy = stateAccessStatements([BACKEND], "deploy");
    expect(actionsOn(deploy, "arn:aws:s3:::tfstate/prod/*.tflock")).toEqual([
      "s3:DeleteObject",
      "s3:PutObject",
    ]);
    expect(actionsOn(deploy, "arn:aws:s3:::tfstate/dev/*.tflock")).toEqual([]);
    const noLockfiles = stateAccessStatements([{ ...BACKEND, lockfileKeyPrefixes: [] }], "deploy");
    expect(noLockfiles.some((s) => [s.Action].flat().includes("s3:DeleteObject"))).toBe(false);
  });

  it("lets a deploy write state objects, but delete only lock files", () => {
    const deploy = stateAccessStatements([BACKEND], "deploy");
    expect(actionsOn(deploy, "arn:aws:s3:::tfstate/dev/*")).toEqual(["s3:GetObject", "s3:PutObject"]);
    const deletes = deploy.filter((s) => [s.Action].flat().includes("s3:DeleteObject"));
    expect(deletes.flatMap((s) => [s.Resource].flat())).toEqual(["arn:aws:s3:::tfstate/prod/*.tflock"]);
  });

  it("uses the state key through its alias (kms:ResourceAliases), in the backend's partition", () => {
    const [kms] = stateAccessStatements([{ ...BACKEND, region: "cn-north-1" }], "deploy").filter((s) =>
      [s.Action].flat().includes("kms:Decrypt"),
    );
    expect(kms).toEqual({
      Sid: "UseStateKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: "arn:aws-cn:kms:cn-north-1:123456789012:key/*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/tfstate" } },
    });
  });

  it("numbers statement ids when it covers several backends", () => {
    const sids = stateAccessStatements([BACKEND, { ...BACKEND, bucketName: "other" }], "plan").map(
      (s) => s.Sid,
    );
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids).toContain("ReadState2");
  });
});
