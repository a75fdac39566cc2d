import {
  sparkApplicationManifest,
  type SparkApplicationInput,
} from "../../../../constructs/addons/spark-operator/application";
import { sparkPodsIssues } from "../../../../constructs/addons/spark-operator/application-pod";

const BASE: SparkApplicationInput = {
  name: "pod-rules",
  type: "Java",
  image: "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu",
  sparkVersion: "3.5.8",
  mainClass: "com.example.Main",
  mainApplicationFile: "s3a://jobs/app.jar",
  driver: { cores: 1, memory: "1g" },
  executor: { cores: 1, memory: "1g", instances: 1 },
  env: [{ name: "AWS_REGION", value: "eu-west-3" }],
  volumes: [{ name: "work", emptyDir: {} }],
  volumeMounts: [{ name: "work", mountPath: "/work" }],
  initContainers: [
    {
      name: "prepare",
      image: "busybox:1.37.0",
      command: ["sh", "-c", "true"],
      volumeMounts: [{ name: "work", mountPath: "/work" }],
    },
  ],
};

const build = (over: Partial<SparkApplicationInput>) => () => sparkApplicationManifest({ ...BASE, ...over });
const init = BASE.initContainers![0];

describe("driver and executor rules (each refused with its own message)", () => {
  const cases: Array<[string, Partial<SparkApplicationInput>, RegExp]> = [
    [
      "0 driver cores",
      { driver: { cores: 0, memory: "1g" } },
      /driver\.cores: expected a whole number of at least 1, received 0/,
    ],
    [
      "fractional executor cores",
      { executor: { cores: 1.5, memory: "1g", instances: 1 } },
      /executor\.cores: expected a whole number/,
    ],
    [
      "a core limit that is not a quantity",
      { driver: { cores: 1, coreLimit: "one", memory: "1g" } },
      /driver\.coreLimit: expected a Kubernetes quantity/,
    ],
    [
      "a core limit below the cores",
      { driver: { cores: 2, coreLimit: "1500m", memory: "1g" } },
      /driver\.coreLimit: 1500m is below driver\.cores \(2\)/,
    ],
    [
      "a memory that is not a Spark size",
      { driver: { cores: 1, memory: "2Gi" } },
      /driver\.memory: expected a Spark size such as 512m or 2g, received "2Gi"/,
    ],
    [
      "a fractional memory",
      { executor: { cores: 1, memory: "1.5g", instances: 1 } },
      /executor\.memory: expected a Spark size/,
    ],
    [
      "a driver heap under 512m",
      { driver: { cores: 1, memory: "511m" } },
      /driver\.memory: Spark needs at least 512m of heap/,
    ],
    [
      "an executor heap under 450m",
      { executor: { cores: 1, memory: "449m", instances: 1 } },
      /executor\.memory: Spark needs at least 450m of heap/,
    ],
    [
      "an overhead that is not a Spark size",
      { driver: { cores: 1, memory: "1g", memoryOverhead: "10%" } },
      /driver\.memoryOverhead: expected a Spark size/,
    ],
    [
      "both instances and dynamic allocation",
      {
        executor: {
          cores: 1,
          memory: "1g",
          instances: 2,
          dynamicAllocation: { minExecutors: 0, maxExecutors: 2 },
        },
      },
      /executor: give instances or dynamicAllocation, exactly one/,
    ],
    [
      "neither instances nor dynamic allocation",
      { executor: { cores: 1, memory: "1g" } },
      /executor: give instances or dynamicAllocation, exactly one/,
    ],
    [
      "0 instances",
      { executor: { cores: 1, memory: "1g", instances: 0 } },
      /executor\.instances: expected a whole number of at least 1/,
    ],
    [
      "min executors above max",
      { executor: { cores: 1, memory: "1g", dynamicAllocation: { minExecutors: 3, maxExecutors: 2 } } },
      /executor\.dynamicAllocation: expected whole numbers 0 <= minExecutors <= maxExecutors/,
    ],
    [
      "max executors of 0",
      { executor: { cores: 1, memory: "1g", dynamicAllocation: { minExecutors: 0, maxExecutors: 0 } } },
      /maxExecutors >= 1/,
    ],
    [
      "initial executors out of bounds",
      {
        executor: {
          cores: 1,
          memory: "1g",
          dynamicAllocation: { minExecutors: 1, maxExecutors: 4, initialExecutors: 5 },
        },
      },
      /initialExecutors: expected a whole number from 1 to 4, received 5/,
    ],
    [
      "a variable set twice",
      { env: [...BASE.env!, { name: "AWS_REGION", value: "x" }] },
      /env: variable AWS_REGION is set twice/,
    ],
    [
      "a variable name with a space",
      { env: [{ name: "MY VAR", value: "x" }] },
      /env: "MY VAR" is not a valid variable name/,
    ],
    [
      "a variable with a value and a secret",
      { env: [{ name: "KEY", value: "x", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] },
      /env: KEY needs a value or one secretKeyRef\/configMapKeyRef, exactly one/,
    ],
    [
      "a variable with two sources",
      {
        env: [
          {
            name: "KEY",
            valueFrom: { secretKeyRef: { name: "s", key: "k" }, configMapKeyRef: { name: "c", key: "k" } },
          },
        ],
      },
      /env: KEY needs a value or one/,
    ],
    [
      "a mount of an undeclared volume",
      { volumeMounts: [...BASE.volumeMounts!, { name: "ghost", mountPath: "/ghost" }] },
      /volumeMounts: mounts volume "ghost", which volumes does not declare/,
    ],
    [
      "a relative mount path",
      { volumeMounts: [{ name: "work", mountPath: "work" }] },
      /volumeMounts: mountPath "work" is not absolute/,
    ],
    [
      "two mounts at one path",
      {
        volumes: [...BASE.volumes!, { name: "other", emptyDir: {} }],
        volumeMounts: [...BASE.volumeMounts!, { name: "other", mountPath: "/work" }],
      },
      /volumeMounts: two mounts at \/work/,
    ],
    [
      "a volume declared twice",
      { volumes: [...BASE.volumes!, { name: "work", emptyDir: {} }] },
      /volumes: "work" is declared twice/,
    ],
    [
      "a volume with no source",
      { volumes: [{ name: "work" }] },
      /volumes: "work" needs one of emptyDir, configMap or secret/,
    ],
    [
      "a volume with two sources",
      { volumes: [{ name: "work", emptyDir: {}, configMap: { name: "c" } }] },
      /volumes: "work" needs one of/,
    ],
    [
      "a volume name that is not a DNS label",
      {
        volumes: [...BASE.volumes!, { name: "Cache", emptyDir: {} }],
        volumeMounts: [...BASE.volumeMounts!, { name: "Cache", mountPath: "/cache" }],
      },
      /volumes: "Cache" is not a DNS-1123 label/,
    ],
    [
      "a Spark local dir that is not an emptyDir",
      {
        volumes: [...BASE.volumes!, { name: "spark-local-dir-1", configMap: { name: "c" } }],
        volumeMounts: [...BASE.volumeMounts!, { name: "spark-local-dir-1", mountPath: "/tmp/spark" }],
      },
      /volumes: "spark-local-dir-1" is a Spark local dir \(spark-local-dir-\*\) and must be an emptyDir/,
    ],
    [
      "a volume nobody mounts",
      { volumes: [...BASE.volumes!, { name: "unused", emptyDir: {} }] },
      /volumes: "unused" is mounted by no container/,
    ],
    [
      "an init container declared twice",
      { initContainers: [init, init] },
      /initContainers: "prepare" is declared twice/,
    ],
    [
      "an init container name that is not a DNS label",
      { initContainers: [{ ...init, name: "Prepare" }] },
      /initContainers\.Prepare: name is not a DNS-1123 label/,
    ],
    [
      "an init container on latest",
      { initContainers: [{ ...init, image: "busybox:latest" }] },
      /initContainers\.prepare: image "busybox:latest" has the tag "latest"/,
    ],
    [
      "an init container with a bad variable",
      { initContainers: [{ ...init, env: [{ name: "X" }] }] },
      /initContainers\.prepare\.env: X needs a value/,
    ],
    [
      "an init container mounting an undeclared volume",
      { initContainers: [{ ...init, volumeMounts: [{ name: "ghost", mountPath: "/g" }] }] },
      /initContainers\.prepare: mounts volume "ghost", which volumes does not declare/,
    ],
    [
      "an init container's volume the Spark container does not mount (the webhook would drop it)",
      {
        volumes: [...BASE.volumes!, { name: "seed", emptyDir: {} }],
        initContainers: [
          { ...init, volumeMounts: [...init.volumeMounts!, { name: "seed", mountPath: "/seed" }] },
        ],
      },
      /initContainers\.prepare: volume "seed" must also be in volumeMounts: the webhook adds only volumes the Spark container mounts/,
    ],
  ];

  it.each(cases)("refuses %s", (_, over, message) => {
    expect(build(over)).toThrow(message);
  });

  it("finds nothing wrong with the base application", () => {
    expect(sparkPodsIssues(BASE)).toEqual([]);
  });

  it("accepts a Spark local dir emptyDir mounted only by Spark", () => {
    const over = {
      volumes: [...BASE.volumes!, { name: "spark-local-dir-1", emptyDir: { sizeLimit: "20Gi" } }],
      volumeMounts: [...BASE.volumeMounts!, { name: "spark-local-dir-1", mountPath: "/tmp/spark-local" }],
    };
    expect(sparkPodsIssues({ ...BASE, ...over })).toEqual([]);
  });
});
