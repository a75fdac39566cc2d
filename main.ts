import { App } from "cdktf";
import { BUNDLED_ENVIRONMENT_FILES } from "./config/bundled-environments";
import { loadEnvironments, printWarning, selectEnvironments, TODAY_VARIABLE, todayFrom } from "./config/load";
import { buildEnvironment, buildStateStacks } from "./stacks/app";
import { diagnosticStream, reportFailure, reportSynth } from "./stacks/report";
import { skipTokenStackTraces } from "./stacks/token-stack-traces";

skipTokenStackTraces();

try {
  const app = new App();
  const onWarning = (warning: Parameters<typeof printWarning>[0]) =>
    printWarning(warning, diagnosticStream());
  const today = todayFrom(process.env[TODAY_VARIABLE]);
  const environments = selectEnvironments(
    loadEnvironments(undefined, { onWarning, today, files: BUNDLED_ENVIRONMENT_FILES }),
    process.env.ENVIRONMENTS,
  );
  const states = buildStateStacks(app, environments);
  const built = environments.map((env) => ({ env, stacks: buildEnvironment(app, env) }));
  app.synth();
  reportSynth(app.outdir, states, built);
} catch (error) {
  process.exit(reportFailure(error));
}
