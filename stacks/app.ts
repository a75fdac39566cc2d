import type { App } from "cdktf";
import type { EnvironmentConfig } from "../config/define";
import { stateBackendOf } from "../config/load";
import { STATE_BACKENDS, type StateBackendConfig } from "../config/state-backends";
import { DataStack } from "./data-stack";
import { EksStack } from "./eks-stack";
import { KarpenterStack } from "./karpenter-stack";
import { NetworkStack } from "./network-stack";
import { StateStack } from "./state-stack";

/** The stacks built for one environment, by layer. */
export interface EnvironmentStacks {
  readonly network?: NetworkStack;
  readonly eks?: EksStack;
  readonly karpenter?: KarpenterStack;
  readonly data: DataStack;
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

/** The layer stacks of one environment, each depending on the one before. */
export function buildEnvironment(app: App, env: EnvironmentConfig): EnvironmentStacks {
  const props = { env, stateBackend: stateBackendOf(env) };
  if (env.cluster.mode === "kubeconfig") return { data: new DataStack(app, props) };
  const network = new NetworkStack(app, props);
  const eks = new EksStack(app, { ...props, network });
  const karpenter = env.karpenter.enabled ? new KarpenterStack(app, { ...props, network, eks }) : undefined;
  const data = new DataStack(app, { ...props, eks, karpenter });
  return { network, eks, karpenter, data };
}
