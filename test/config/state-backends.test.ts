import { defineStateBackend, STATE_BACKENDS } from "../../config/state-backends";

const backend = STATE_BACKENDS[0];

describe("state backends", () => {
  it("ships a backend named state in the organisation's account and region, and one in Ireland", () => {
    expect(STATE_BACKENDS.map((b) => [b.name, b.region])).toEqual([
      ["state", "eu-west-3"],
      ["state-eu-west-1", "eu-west-1"],
    ]);
    expect(backend).toMatchObject({
      accountId: "111111111111",
      region: "eu-west-3",
      noncurrentVersionDays: 90,
    });
  });

  it("refuses a bucket name S3 would refuse, naming the backend", () => {
    expect(() => defineStateBackend({ ...backend, bucketName: "Bad_Bucket" })).toThrow(
      /state backend "state": bucketName: expected an S3 bucket name \(3–63 characters\), received "Bad_Bucket"/,
    );
  });

  it("refuses an account id that is not 12 digits", () => {
    expect(() => defineStateBackend({ ...backend, accountId: "42" })).toThrow(
      /state backend "state": accountId: expected a 12-digit AWS account id, received "42"/,
    );
  });
});
