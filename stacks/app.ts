import type { App } from "cdktf";
import { CI_ACCOUNTS, resolveCiAccounts, type CiAccountConfig } from "../config/ci";
import type { EnvironmentConfig } from "../config/define";
import { stateBackendOf } from "../config/load";
import { STATE_BACKENDS, type StateBackendConfig } from "../config/state-backends";
import { CiStack } from "./ci-stack";
import { DataStack } from "./data-stack";
import { EcsStack } from "./ecs-stack";
import { EksStack } from "./eks-stack";
import { KarpenterStack } from "./karpenter-stack";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";
import { WorkloadsStack } from "./workloads-stack";

/** The stacks built for one environment, by layer. */
export interface EnvironmentStacks {
  readonly network?: NetworkStack;
  readonly eks?: EksStack;
  readonly karpenter?: KarpenterStack;
  readonly data: DataStack;
  readonly ecs?: EcsStack;
  readonly workloads?: WorkloadsStack;
}

/** The state stacks of the backends the selected environments use. */
export function buildStateStacks(
  app: App,
  environments: ReadonlyArray<EnvironmentConfig>,
  backends: ReadonlyArray<StateBackendConfig> = STATE_BACKENDS,
): StateStack[] {
  const used = new Set(environments.map((env) => stateBackendOf(env, backends).name));
  return backends.filter((b) => used.has(b.name)).map((backend) => new StateStack(app, backend));
}

/**
 * The `<name>-ci` stacks of the CI accounts that deploy one of the selected environments. Every
 * account is checked against all loaded environments (`all`), so a narrowed selection neither hides
 * a configuration problem nor changes what a CI stack contains.
 */
export function buildCiStacks(
  app: App,
  all: ReadonlyArray<EnvironmentConfig>,
  selected: ReadonlyArray<EnvironmentConfig>,
  accounts: ReadonlyArray<CiAccountConfig> = CI_ACCOUNTS,
  backends: ReadonlyArray<StateBackendConfig> = STATE_BACKENDS,
): CiStack[] {
  const names = new Set(selected.map((env) => env.name));
  return resolveCiAccounts(accounts, all, backends)
    .filter((resolved) => resolved.environments.some(({ env }) => names.has(env.name)))
    .map((resolved) => new CiStack(app, resolved));
}

/** The layer stacks of one environment, each depending on the one before. */
export function buildEnvironment(app: App, env: EnvironmentConfig): EnvironmentStacks {
  const props = { env, stateBackend: stateBackendOf(env) };
  if (env.cluster.mode === "kubeconfig") {
    const data = new DataStack(app, props);
    return { data, workloads: workloadsOf(app, props, data) };
  }
  const network = new NetworkStack(app, props);
  const eks = new EksStack(app, { ...props, network });
  const karpenter = env.karpenter.enabled ? new KarpenterStack(app, { ...props, network, eks }) : undefined;
  const data = new DataStack(app, { ...props, eks, karpenter });
  const workloads = workloadsOf(app, props, data, eks);
  const ecs = env.ecs.enabled ? new EcsStack(app, { ...props, network }) : undefined;
  return { network, eks, karpenter, data, workloads, ecs };
}

/**
 * `<env>-workloads` wherever Spark is enabled, even with no application: removing the last one then
 * plans its destroy instead of leaving it (and a schedule) in the cluster.
 */
function workloadsOf(
  app: App,
  props: { env: EnvironmentConfig; stateBackend: StateBackendConfig },
  data: DataStack,
  eks?: EksStack,
): WorkloadsStack | undefined {
  return props.env.data.spark ? new WorkloadsStack(app, { ...props, data, eks }) : undefined;
}
