import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

/** Properties of {@link EbsStorageClass}. */
export interface EbsStorageClassProps {
  /** StorageClass name. */
  readonly name: string;
  /** EBS volume type (`gp3` in the region, `gp2` on an Outpost). */
  readonly volumeType: string;
  /** KMS key of the volumes. */
  readonly kmsKeyArn: string;
  /** Provider of the cluster. */
  readonly provider: KubernetesProvider;
  /**
   * Mark it as the cluster's default StorageClass.
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * What happens to a volume when its claim is deleted.
   * @default "Delete"
   */
  readonly reclaimPolicy?: "Delete" | "Retain";
  /**
   * What must exist first (the CSI driver, the admin access of the deploying identity).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

const DEFAULT_RECLAIM_POLICY = "Delete";

/** An EBS CSI StorageClass: encrypted with a CMK, bound when a pod is scheduled, expandable. */
export class EbsStorageClass extends Construct {
  public readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: EbsStorageClassProps) {
    super(scope, id);
    this.storageClass = new StorageClassV1(this, "Resource", {
      provider: props.provider,
      metadata: {
        name: props.name,
        annotations: { "storageclass.kubernetes.io/is-default-class": String(props.isDefault ?? true) },
      },
      storageProvisioner: "ebs.csi.aws.com",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      reclaimPolicy: props.reclaimPolicy ?? DEFAULT_RECLAIM_POLICY,
      parameters: {
        type: props.volumeType,
        encrypted: "true",
        kmsKeyId: props.kmsKeyArn,
        "csi.storage.k8s.io/fstype": "ext4",
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
