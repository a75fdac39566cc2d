/**
 * The official Apache Spark image, pinned: Spark 3.5.8 (the 3.5 maintenance line), Scala 2.12,
 * Java 17, Python 3, Ubuntu. The tag is listed in `versions.json` of apache/spark-docker (published
 * to Docker Hub as `apache/spark` by SPARK-55060, January 2026). Change it together with the Spark
 * version clients submit with: a driver and the standalone master must run the same Spark release.
 */
export const SPARK_IMAGE = {
  repository: "apache/spark",
  tag: "3.5.8-scala2.12-java17-python3-ubuntu",
} as const;

/** An exact image tag: a release with optional variant suffixes, never `latest`. */
export const EXACT_SPARK_TAG = /^\d+\.\d+\.\d+(?:-[a-z0-9.]+)*$/;
