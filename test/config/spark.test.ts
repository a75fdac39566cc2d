import { parseEnvironment } from "../../config/define";
import { sparkApplicationFootprint } from "../../config/spark-rules";
import { environment } from "../helpers/synth";

const dev = environment("dev");
const lab = environment("lab");
const prod = environment("prod");
const withSpark = (env: typeof dev, spark: Record<string, unknown>) => ({
  ...env,
  data: { ...env.data, spark },
});
const app = (changes: Record<string, unknown> = {}) => ({
  name: "etl",
  mainClass: "com.example.Etl",
  file: "jobs/etl-1.0.0.jar",
  ...changes,
});

describe("data.spark configuration", () => {
  it("applies the defaults: jars bucket, History Server, no applications, example left to the stack", () => {
    expect(dev.data.spark).toEqual({ jarsBucket: "spark-jars", applications: [], historyServer: true });
  });

  it("fills an application's defaults (Scala, 1 core and 1g each, 2 executors, no schedule)", () => {
    const env = parseEnvironment(withSpark(dev, { applications: [app()] }));
    expect(env.data.spark?.applications[0]).toEqual({
      ...app(),
      type: "Scala",
      arguments: [],
      driver: { cores: 1, memory: "1g" },
      executor: { cores: 1, memory: "1g", instances: 2 },
    });
  });

  it("adds Spark's memory overhead: max(384 MiB, 10 %) for the JVM, 40 % for Python", () => {
    // Spark 3.5 configuration.md: overhead = max(384 MiB, factor × heap, truncated), factor 0.10 for JVM jobs, 0.40 for non-JVM.
    const env = parseEnvironment(
      withSpark(dev, { applications: [app({ executor: { instances: 3, memory: "4g", cores: 2 } })] }),
    );
    expect(sparkApplicationFootprint(env.data.spark!.applications[0])).toEqual({
      cpu: 1 + 3 * 2,
      memoryMiB: 1024 + 384 + 3 * (4096 + 409),
    });
    const python = parseEnvironment(
      withSpark(dev, {
        applications: [
          app({
            type: "Python",
            mainClass: undefined,
            file: "jobs/etl.py",
            executor: { memory: "2g", instances: 1 },
          }),
        ],
      }),
    );
    expect(sparkApplicationFootprint(python.data.spark!.applications[0])).toEqual({
      cpu: 2,
      memoryMiB: 1024 + 409 + (2048 + 819),
    });
  });

  describe("refuses", () => {
    it("a jars bucket that is not a Spark bucket", () => {
      expect(() => parseEnvironment(withSpark(dev, { jarsBucket: "airflow-dags" }))).toThrow(
        /environment "dev": data\.spark\.jarsBucket: Spark is enabled without an object-store bucket for jars: expected one of the Spark buckets the jobs can read \(spark-jars, spark-events, spark-warehouse\), received "airflow-dags"/,
      );
    });

    it("an application bigger than the NodePool its pods run on (standard profile: prod)", () => {
      const big = app({ executor: { instances: 100, cores: 4, memory: "16g" } });
      expect(() => parseEnvironment(withSpark(prod, { applications: [big] }))).toThrow(
        /environment "prod": data\.spark\.applications\[0\]\.executor: asks for 401 cores and .* MiB \(driver and 100 executors after the standard size profile, with Spark's memory overhead\) but the "default" NodePool its pods run on is limited to 200 cores and 800Gi/,
      );
    });

    it("judges the sizes the pods ask for: the small profile divides them (dev accepts what prod refuses)", () => {
      const big = app({ executor: { instances: 100, cores: 4, memory: "16g" } });
      // 4 cores / 20 → 1, 16g / 20 → 820m: 101 cores and 101 × (820 + 384) + 1408 MiB fit 200 cores and 800Gi.
      expect(parseEnvironment(withSpark(dev, { applications: [big] })).data.spark?.applications).toHaveLength(
        1,
      );
      const huge = app({ executor: { instances: 300, cores: 4, memory: "16g" } });
      expect(() => parseEnvironment(withSpark(dev, { applications: [huge] }))).toThrow(
        /asks for 301 cores .* after the small size profile/,
      );
    });

    it("a schedule that is not a valid cron", () => {
      expect(() =>
        parseEnvironment(withSpark(dev, { applications: [app({ schedule: "0 25 * * *" })] })),
      ).toThrow(
        /data\.spark\.applications\[0\]\.schedule: expected a cron schedule the spark-operator accepts: hour: end of range \(25\) above maximum \(23\)/,
      );
    });

    it("a JVM application without a main class, and a Python one with one", () => {
      expect(() =>
        parseEnvironment(withSpark(dev, { applications: [app({ mainClass: undefined })] })),
      ).toThrow(
        /data\.spark\.applications\[0\]\.mainClass: expected the main class of the Scala application/,
      );
      const python = app({ type: "Python", file: "jobs/etl.py" });
      expect(() => parseEnvironment(withSpark(dev, { applications: [python] }))).toThrow(
        /data\.spark\.applications\[0\]\.mainClass: is not used by a Python application/,
      );
    });

    it("a main file of the wrong kind, or a URI instead of a key", () => {
      expect(() =>
        parseEnvironment(withSpark(dev, { applications: [app({ file: "jobs/etl.py" })] })),
      ).toThrow(/data\.spark\.applications\[0\]\.file: expected a \.jar \(an assembly jar/);
      expect(() =>
        parseEnvironment(withSpark(dev, { applications: [app({ file: "s3a://other/etl.jar" })] })),
      ).toThrow(/data\.spark\.applications\[0\]\.file: expected an object key in the jars bucket/);
    });

    it("two applications of one name, or the example's name", () => {
      expect(() => parseEnvironment(withSpark(dev, { applications: [app(), app()] }))).toThrow(
        /data\.spark\.applications\[1\]\.name: expected a name no other application/,
      );
      expect(() => parseEnvironment(withSpark(dev, { applications: [app({ name: "spark-pi" })] }))).toThrow(
        /data\.spark\.applications\[0\]\.name: expected a name no other application \(nor the example, spark-pi\)/,
      );
    });

    it("an image with latest or no tag", () => {
      expect(() =>
        parseEnvironment(withSpark(dev, { applications: [app({ image: "apache/spark:latest" })] })),
      ).toThrow(/image: expected an exact tag, never latest/);
      expect(() =>
        parseEnvironment(withSpark(dev, { applications: [app({ image: "apache/spark" })] })),
      ).toThrow(/image: expected an image reference with an exact tag/);
    });

    it("a jar mirror that is not https", () => {
      expect(() => parseEnvironment(withSpark(lab, { jarMirror: "http://nexus.local/maven2" }))).toThrow(
        /data\.spark\.jarMirror: expected an https:\/\/ URL of a Maven repository/,
      );
    });
  });
});
