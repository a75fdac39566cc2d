import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { skipTokenStackTraces } from "../stacks/token-stack-traces";

Testing.setupJest();
// As main.ts does: the synthesized output does not depend on cdktf's per-token stack traces.
skipTokenStackTraces();
