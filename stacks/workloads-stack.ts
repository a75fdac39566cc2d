import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { Construct } from "constructs";
import { sparkApplicationManifest } from "../constructs/addons/spark-operator/application";
import { scheduledSparkApplicationManifest } from "../constructs/addons/spark-operator/application-schedule";
import { dataBucketName } from "../constructs/object-store/data-buckets";
import { clusterProvidersOf } from "./cluster-access";
import { PLATFORM_CA_CONFIG_MAP } from "./data-ca";
import { SPARK_APPLICATION } from "./data-layout";
import { s3aTargetOf } from "./data-spark";
import type { DataStack } from "./data-stack";
import type { EksStack } from "./eks-stack";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";
import { sparkJobInputs } from "./spark-jobs";

/** What `<env>-workloads` receives. */
export interface WorkloadsStackProps extends EnvironmentStackProps {
  /** The environment's data stack (the operator and its CRDs, the jobs' identity and buckets). */
  readonly data: DataStack;
  /** The environment's EKS stack; none on a brought cluster. */
  readonly eks?: EksStack;
}

/**
 * `<env>-workloads`: custom resources whose CRDs a release of `<env>-data` installs, so they can be
 * planned once that stack is applied (as the NodePools come after Karpenter's CRDs): the Spark
 * applications of the config and the example, as `SparkApplication` or `ScheduledSparkApplication`.
 */
export class WorkloadsStack extends EnvironmentStack {
  public readonly sparkApplications: ReadonlyArray<Manifest>;

  constructor(scope: Construct, props: WorkloadsStackProps) {
    super(scope, "workloads", props);
    const env = this.env;
    if (!env.data.spark) {
      throw new Error(`environment "${env.name}": no workloads stack without data.spark`);
    }
    this.addDependency(props.data);
    const providers = clusterProvidersOf(this, env, props.eks);
    const s3 = env.data.objectStore === "s3";
    const inputs = sparkJobInputs({
      env,
      bucket: (logical) => (s3 ? dataBucketName(env.resourcePrefix, logical, env.accountId) : logical),
      s3a: s3aTargetOf(env, props.data.objectStoreSettings, SPARK_APPLICATION.name),
      ca: env.data.objectStoreCa ? { configMapName: PLATFORM_CA_CONFIG_MAP } : undefined,
      metastoreUri: props.data.metastoreUri,
    });
    this.sparkApplications = inputs.map(
      (input) =>
        new Manifest(this, `SparkApplication-${input.name}`, {
          provider: providers.kubernetes,
          manifest:
            "schedule" in input
              ? scheduledSparkApplicationManifest(input, this)
              : sparkApplicationManifest(input, this),
          // The operator writes status; the webhook adds nothing to spec.
          computedFields: ["metadata.labels", "metadata.annotations"],
        }),
    );
  }
}
