import { Testing } from "cdktf";
import { StateBucket } from "../../../constructs/state/state-bucket";

describe("StateBucket", () => {
  it("refuses a noncurrent retention below one day", () => {
    expect(
      () =>
        new StateBucket(Testing.app(), "Bucket", {
          bucketName: "b",
          kmsKeyArn: "k",
          noncurrentVersionDays: 0,
        }),
    ).toThrow(/Bucket: noncurrentVersionDays must be a whole number of at least 1, received 0/);
  });

  it("refuses a multipart-upload expiry that is not a positive whole number of days", () => {
    expect(
      () =>
        new StateBucket(Testing.app(), "Bucket", {
          bucketName: "b",
          kmsKeyArn: "k",
          abortIncompleteMultipartUploadDays: 1.5,
        }),
    ).toThrow(
      /Bucket: abortIncompleteMultipartUploadDays must be a whole number of at least 1, received 1\.5/,
    );
  });
});
