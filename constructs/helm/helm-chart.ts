import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { stringify } from "yaml";
import { ValidationError } from "../core/validation-error";
import type { ChartFootprint } from "./chart-footprint";

/** A chart, pinned: repository (HTTPS or `oci://`), name and exact version. */
export interface ChartPin {
  /** Chart repository URL (`https://…`) or OCI registry path (`oci://…`). */
  readonly repository: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version (`1.14.1`); ranges and `latest` are refused. */
  readonly version: string;
}

/** Properties of {@link HelmChart}. */
export interface HelmChartProps {
  /** Helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Chart repository, name and exact version. */
  readonly pin: ChartPin;
  /** Release name. */
  readonly releaseName: string;
  /** Namespace of the release (created beforehand, not by Helm). */
  readonly namespace: string;
  /**
   * Values, as a typed object, serialised once to YAML. Never holds a generated secret (it would sit
   * in the release history and hide `cdktf diff`): refer to Kubernetes Secrets by name instead.
   * @default no values
   */
  readonly values?: object;
  /**
   * Seconds Helm waits for the release to be ready; at most {@link MAX_HELM_TIMEOUT_SECONDS}.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Skip the chart's `crds/` folder (the CRDs come from a chart of their own).
   * @default false
   */
  readonly skipCrds?: boolean;
  /**
   * What must exist first: namespaces, Secrets, CRDs, roles, other releases.
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
  /**
   * What the chart writes outside its release namespace (its Argo CD AppProject; unused by Terraform).
   * @default nothing outside the release namespace
   */
  readonly footprint?: ChartFootprint;
  /**
   * Refuses values the add-on knows are wrong: returns one message per problem (field and what is
   * allowed), reported together as a {@link ValidationError}.
   * @default no check
   */
  readonly validateValues?: (values: object) => ReadonlyArray<string>;
}

/** Seconds a release waits unless told otherwise. */
export const DEFAULT_HELM_TIMEOUT_SECONDS = 600;
/** Longest wait allowed: a release still not ready after 15 minutes is broken, not slow. */
export const MAX_HELM_TIMEOUT_SECONDS = 900;
/** Release history kept per release (rollbacks need a few; the default keeps every revision). */
export const HELM_MAX_HISTORY = 10;

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const REPOSITORY = /^(?:https:\/\/|oci:\/\/)[^\s]+$/;

/**
 * The one Helm release construct of the project, as cdk-eks-blueprints' `HelmAddOn` is: a pinned
 * chart, an explicit namespace, typed values serialised once, and always `atomic`,
 * `cleanup_on_fail` and `wait` with a bounded timeout, so a failed upgrade rolls back instead of
 * leaving a half-applied release. It is a `helm_release` itself (same construct id, same Terraform
 * address), so moving an existing release onto it replaces nothing.
 */
export class HelmChart extends Release {
  /** The values as given (before serialisation), for tests and checks. */
  public readonly valuesObject: object;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    const problems = helmChartProblems(props);
    const timeout = props.timeoutSeconds ?? DEFAULT_HELM_TIMEOUT_SECONDS;
    super(scope, id, {
      provider: props.provider,
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.pin.repository,
      chart: props.pin.chart,
      version: props.pin.version,
      values: props.values ? [escapeTemplateSequences(stringify(props.values, { lineWidth: 0 }))] : undefined,
      skipCrds: props.skipCrds,
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout,
      maxHistory: HELM_MAX_HISTORY,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    this.valuesObject = props.values ?? {};
    if (problems.length > 0) {
      throw new ValidationError(
        `release ${props.releaseName} (${props.pin.chart}): ${problems.join("; ")}`,
        this,
      );
    }
  }
}

/** Why a release cannot be built from these props: pin, timeout and the add-on's own value checks. */
export function helmChartProblems(props: Omit<HelmChartProps, "provider">): string[] {
  const problems: string[] = [];
  const { pin } = props;
  if (!EXACT_VERSION.test(pin.version)) {
    problems.push(`chart version: expected an exact version such as 1.14.1, received "${pin.version}"`);
  }
  if (!REPOSITORY.test(pin.repository)) {
    problems.push(`chart repository: expected an https:// or oci:// URL, received "${pin.repository}"`);
  }
  const timeout = props.timeoutSeconds ?? DEFAULT_HELM_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeout) || timeout < 60 || timeout > MAX_HELM_TIMEOUT_SECONDS) {
    problems.push(`timeoutSeconds: expected 60 to ${MAX_HELM_TIMEOUT_SECONDS}, received ${timeout}`);
  }
  if (props.values && props.validateValues) problems.push(...props.validateValues(props.values));
  return problems;
}

/**
 * Terraform reads `${…}` and `%{…}` in any string as an interpolation or a directive, so a value
 * meant for the chart (Trino's `${ENV:NAME}`, a shell's `${1:-x}`) would fail at plan or be
 * replaced. They are written `$${` and `%%{`, which Terraform turns back into `${` and `%{`; cdktf's
 * own tokens (`${TfToken[…]}`, resolved later into references) are left as they are.
 */
export function escapeTemplateSequences(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, "$$$${").replace(/%\{/g, "%%{");
}
