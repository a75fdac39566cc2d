import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";

/** Pod Security Standards levels, least to most restrictive. */
export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
/** A Pod Security Standards level. */
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** Properties of {@link PlatformNamespace}. */
export interface PlatformNamespaceProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Namespace name. */
  readonly name: string;
  /**
   * Level Pod Security Admission enforces.
   * @default "baseline"
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Why a namespace enforces less than baseline (e.g. node-exporter reads the host's /proc); required then.
   * @default none
   */
  readonly privilegedReason?: string;
  /**
   * What must exist first (the cluster's access for Terraform).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

const DEFAULT_ENFORCE: PodSecurityLevel = "baseline";
const PSA = "pod-security.kubernetes.io";

/**
 * A namespace of the platform with Pod Security Admission labels: `baseline` enforced by default,
 * `restricted` warned and audited, so every workload that would fail the strict level is reported
 * without being refused. A namespace enforcing `privileged` must say why.
 */
export class PlatformNamespace extends Construct {
  public readonly namespace: NamespaceV1;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const enforce = props.enforce ?? DEFAULT_ENFORCE;
    if (enforce === "privileged" && !(props.privilegedReason && props.privilegedReason.length >= 10)) {
      throw new ValidationError(
        `namespace ${props.name}: enforcing "privileged" needs privilegedReason (what on the host its pods need)`,
        this,
      );
    }
    this.name = props.name;
    this.namespace = new NamespaceV1(this, "Resource", {
      provider: props.provider,
      metadata: {
        name: props.name,
        labels: {
          "app.kubernetes.io/managed-by": "terraform",
          [`${PSA}/enforce`]: enforce,
          [`${PSA}/enforce-version`]: "latest",
          [`${PSA}/warn`]: "restricted",
          [`${PSA}/warn-version`]: "latest",
          [`${PSA}/audit`]: "restricted",
          [`${PSA}/audit-version`]: "latest",
        },
        annotations: props.privilegedReason
          ? { "dataplatform.io/privileged-reason": props.privilegedReason }
          : undefined,
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
