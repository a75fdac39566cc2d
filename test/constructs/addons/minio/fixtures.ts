import type { SizeProfile } from "../../../../constructs/addons/common/size-profile";
import type { MinioApplication } from "../../../../constructs/addons/minio/minio";
import type { MinioBucket } from "../../../../constructs/addons/minio/values";

/** The platform's four buckets: only the exchange (scratch) bucket is unversioned. */
export const BUCKETS: ReadonlyArray<MinioBucket> = [
  { name: "trino-data", versioning: true },
  { name: "trino-exchange", versioning: false },
  { name: "airflow", versioning: true },
  { name: "airflow-logs", versioning: true },
];

/** Trino and Airflow, each on its own buckets. */
export const APPLICATIONS: ReadonlyArray<MinioApplication> = [
  { name: "trino", buckets: ["trino-data", "trino-exchange"] },
  { name: "airflow", buckets: ["airflow", "airflow-logs"] },
];

export const STANDARD: SizeProfile = { name: "standard" };
export const SMALL: SizeProfile = { name: "small", divisor: 20 };
