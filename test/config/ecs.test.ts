import { instanceResources } from "../../config/catalogue/instance-resources";
import { parseEnvironment } from "../../config/define";
import { SPARK_IMAGE } from "../../constructs/ecs/spark-image";
import { environment } from "../helpers/synth";

const dev = environment("dev");
const prod = environment("prod");
const outpost = environment("outpost");
const onprem = environment("onprem");

/** An environment with its `ecs` block changed (Spark settings merged one level down). */
const withEcs = (env: typeof dev, changes: Record<string, unknown>) => ({
  ...env,
  ecs: { ...env.ecs, ...changes },
});
const withSpark = (changes: Record<string, unknown>) =>
  withEcs(dev, { spark: { ...dev.ecs.spark, ...changes } });

describe("ecs configuration", () => {
  it("is off by default and on in dev only, with the defaults applied", () => {
    for (const name of ["prod", "outpost", "outpost-local", "lab", "onprem"]) {
      expect(environment(name).ecs.enabled).toBe(false);
    }
    expect(dev.ecs).toMatchObject({
      enabled: true,
      instanceType: "m6i.xlarge",
      rootVolumeSizeGiB: 50,
      minSize: 1,
      desiredSize: 2,
      maxSize: 4,
      targetCapacityPercent: 100,
      logRetentionDays: 30,
      spark: {
        imageTag: SPARK_IMAGE.tag,
        master: { cpu: 1024, memoryMiB: 2048 },
        workers: { count: 2, cpu: 2048, memoryMiB: 8192 },
        environment: {},
      },
    });
    expect(dev.ecs.outpost).toBeUndefined();
  });

  it("knows the vCPUs and memory of the instance types it checks tasks against", () => {
    expect(instanceResources("m6i.xlarge")).toEqual({ vcpus: 4, memoryMiB: 16384 });
    expect(instanceResources("r6i.2xlarge")).toEqual({ vcpus: 8, memoryMiB: 65536 });
    expect(instanceResources("c5n.large")).toEqual({ vcpus: 2, memoryMiB: 5376 });
    expect(instanceResources("t3.medium")).toEqual({ vcpus: 2, memoryMiB: 4096 });
    expect(instanceResources("m5.metal")).toBeUndefined();
    expect(instanceResources("x9z.large")).toBeUndefined();
  });

  it("refuses an unknown key, listing the allowed ones", () => {
    expect(() => parseEnvironment(withEcs(dev, { sshKeyName: "ops" }))).toThrow(
      /environment "dev": ecs: Unrecognized key: "sshKeyName"; allowed: enabled, instanceType, .*spark, outpost/,
    );
    expect(() => parseEnvironment(withSpark({ publicIp: true }))).toThrow(
      /ecs\.spark: Unrecognized key: "publicIp"; allowed: imageTag, master, workers, environment/,
    );
  });

  it("refuses a project name ECS would refuse at the start of a capacity provider's name", () => {
    for (const project of ["aws-data", "ecsplatform", "fargate-x"]) {
      expect(() => parseEnvironment({ ...dev, project })).toThrow(
        new RegExp(
          `environment "dev": project: expected a project name that does not start with "aws", "ecs" or "fargate" when ecs\\.enabled.*received "${project}"`,
        ),
      );
    }
  });

  it("refuses ecs on a brought (kubeconfig) cluster", () => {
    expect(() => parseEnvironment(withEcs(onprem, { enabled: true }))).toThrow(
      /environment "onprem": ecs\.enabled: must be false when cluster\.mode is "kubeconfig": the ECS cluster lives in the environment's VPC, which this mode has not, received true/,
    );
  });

  it("refuses an instance type the catalogue refuses, or whose size it does not know", () => {
    expect(() => parseEnvironment(withEcs(dev, { instanceType: "m5.nano" }))).toThrow(
      /ecs\.instanceType: expected a size m5 has: .*, received "m5\.nano"/,
    );
    expect(() => parseEnvironment(withEcs(dev, { instanceType: "x9z.large" }))).toThrow(
      /ecs\.instanceType: expected an instance type whose vCPUs and memory the catalogue knows .*, received "x9z\.large"/,
    );
  });

  it("refuses sizes that are not minSize ≤ desiredSize ≤ maxSize", () => {
    expect(() => parseEnvironment(withEcs(dev, { minSize: 3, desiredSize: 2, maxSize: 4 }))).toThrow(
      /ecs: expected minSize ≤ desiredSize ≤ maxSize, received \{"minSize":3,"desiredSize":2,"maxSize":4\}/,
    );
  });

  it("refuses workers with more memory or CPU than the instance registers", () => {
    expect(() =>
      parseEnvironment(withSpark({ workers: { ...dev.ecs.spark.workers, memoryMiB: 16384 } })),
    ).toThrow(
      /ecs\.spark\.workers\.memoryMiB: expected at most 14817 MiB: what ECS registers of a m6i\.xlarge .*, received 16384/,
    );
    expect(() => parseEnvironment(withSpark({ workers: { ...dev.ecs.spark.workers, cpu: 8192 } }))).toThrow(
      /ecs\.spark\.workers\.cpu: expected at most 4096 CPU units: a m6i\.xlarge has 4 vCPUs, received 8192/,
    );
    // The worker daemon (1 GiB heap + 512 MiB beyond it) and one default 1 GiB executor with 10 % beyond it.
    expect(() =>
      parseEnvironment(withSpark({ workers: { ...dev.ecs.spark.workers, memoryMiB: 2048 } })),
    ).toThrow(/ecs\.spark\.workers\.memoryMiB: expected at least 2663 MiB: the worker daemon takes 1536 MiB/);
    expect(() =>
      parseEnvironment(withSpark({ master: { ...dev.ecs.spark.master, memoryMiB: 1024 } })),
    ).toThrow(
      /ecs\.spark\.master\.memoryMiB: expected at least 1536 MiB: the master daemon has a 1 GiB heap/,
    );
  });

  it("refuses a log retention CloudWatch does not offer, and less than a year in production", () => {
    expect(() => parseEnvironment(withEcs(dev, { logRetentionDays: 45 }))).toThrow(
      /ecs\.logRetentionDays: expected one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30, 60, 90, .*, received 45/,
    );
    expect(() => parseEnvironment(withEcs(prod, { enabled: true }))).toThrow(
      /environment "prod": ecs\.logRetentionDays: expected at least 365 days in a production environment, received 30/,
    );
  });

  it("refuses an image tag that is not an exact release", () => {
    expect(() => parseEnvironment(withSpark({ imageTag: "latest" }))).toThrow(
      /ecs\.spark\.imageTag: expected an exact apache\/spark tag such as 3\.5\.8-scala2\.12-java17-python3-ubuntu \(never latest\)/,
    );
  });

  it("refuses a secret or a reserved name in the Spark environment", () => {
    expect(() => parseEnvironment(withSpark({ environment: { AWS_SECRET_ACCESS_KEY: "x" } }))).toThrow(
      /ecs\.spark\.environment\.AWS_SECRET_ACCESS_KEY: names a secret: .* inject it as a container secret/,
    );
    expect(() => parseEnvironment(withSpark({ environment: { SPARK_MASTER_OPTS: "-Dx=y" } }))).toThrow(
      /ecs\.spark\.environment\.SPARK_MASTER_OPTS: is set by the Spark tasks themselves/,
    );
    expect(
      parseEnvironment(withSpark({ environment: { SPARK_WORKER_CORES: "2" } })).ecs.spark.environment,
    ).toEqual({
      SPARK_WORKER_CORES: "2",
    });
  });

  it("puts capacity on the rack only on an outpost-extended environment, of the rack's families", () => {
    expect(() => parseEnvironment(withEcs(dev, { outpost: { enabled: true } }))).toThrow(
      /ecs\.outpost\.enabled: expected false: a capacity provider on the rack needs cluster\.mode "outpost-extended" .* not "regional"/,
    );
    const rack = (changes: Record<string, unknown>) =>
      withEcs(outpost, { enabled: true, outpost: { enabled: true, ...changes } });
    expect(parseEnvironment(rack({})).ecs.outpost).toMatchObject({ instanceType: "m5.xlarge", maxSize: 2 });
    expect(() => parseEnvironment(rack({ instanceType: "m6i.xlarge" }))).toThrow(
      /ecs\.outpost\.instanceType: expected an instance type of the Outpost's families \(m5, c5, r5, g4dn, i3en; see outpost\.instanceFamilies\), received "m6i\.xlarge"/,
    );
    expect(() => parseEnvironment(rack({ minSize: 2, desiredSize: 1 }))).toThrow(
      /ecs\.outpost: expected minSize ≤ desiredSize ≤ maxSize/,
    );
  });
});
