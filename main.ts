import { App } from "cdktf";
import { loadEnvironments, selectEnvironments } from "./config/load";
import { reportFailure, reportSynth } from "./stacks/report";
import { buildEnvironment, buildStateStacks } from "./stacks/app";

try {
  const app = new App();
  const environments = selectEnvironments(loadEnvironments(), process.env.ENVIRONMENTS);
  const states = buildStateStacks(app, environments);
  const built = environments.map((env) => ({ env, stacks: buildEnvironment(app, env) }));
  app.synth();
  reportSynth(app.outdir, states, built);
} catch (error) {
  process.exit(reportFailure(error));
}
