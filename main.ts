import { App } from "cdktf";
import { loadEnvironments, selectEnvironments } from "./config/load";
import { buildEnvironment, buildStateStacks } from "./stacks/app";

const app = new App();
const environments = selectEnvironments(loadEnvironments(), process.env.ENVIRONMENTS);
buildStateStacks(app, environments);
for (const env of environments) buildEnvironment(app, env);
app.synth();
