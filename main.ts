import { App } from "cdktf";
import { BUNDLED_ENVIRONMENT_FILES } from "./config/bundled-environments";
import { loadEnvironments, printWarning, selectEnvironments, TODAY_VARIABLE, todayFrom } from "./config/load";
import { buildCiStacks, buildEnvironment, buildStateStacks } from "./stacks/app";
import { diagnosticStream, reportFailure, reportSynth } from "./stacks/report";
import { skipTokenStackTraces } from "./stacks/token-stack-traces";

skipTokenStackTraces();

try {
  const app = new App();
  const onWarning = (warning: Parameters<typeof printWarning>[0]) =>
    printWarning(warning, diagnosticStream());
  const today = todayFrom(process.env[TODAY_VARIABLE]);
  const loaded = loadEnvironments(undefined, { onWarning, today, files: BUNDLED_ENVIRONMENT_FILES });
  const environments = selectEnvironments(loaded, process.env.ENVIRONMENTS);
  const states = buildStateStacks(app, environments);
  const cis = buildCiStacks(app, loaded, environments);
  const built = environments.map((env) => ({ env, stacks: buildEnvironment(app, env) }));
  app.synth();
  reportSynth(app.outdir, states, built, cis);
} catch (error) {
  process.exit(reportFailure(error));
}
