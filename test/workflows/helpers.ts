import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const ROOT = join(__dirname, "../..");
export const WORKFLOWS_DIR = join(ROOT, ".github/workflows");

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  "runs-on"?: unknown;
  environment?: unknown;
  concurrency?: { group?: string; "cancel-in-progress"?: boolean } | string;
  permissions?: Record<string, string> | string;
  strategy?: { "fail-fast"?: boolean; "max-parallel"?: number; matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  env?: Record<string, unknown>;
  steps?: Step[];
}

export interface Workflow {
  name?: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: unknown;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

export interface LoadedWorkflow {
  file: string;
  raw: string;
  doc: Workflow;
}

/** The workflow files of .github/workflows/ (name → raw text and parsed document). */
export function loadWorkflows(): Map<string, LoadedWorkflow> {
  const out = new Map<string, LoadedWorkflow>();
  for (const file of readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f))) {
    const raw = readFileSync(join(WORKFLOWS_DIR, file), "utf8");
    out.set(file, { file, raw, doc: parse(raw) as Workflow });
  }
  return out;
}

/** Environment names as the app discovers them: the `<name>.ts` files of config/environments/. */
export function environmentNames(): string[] {
  return readdirSync(join(ROOT, "config/environments"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

export const stepsOf = (job: Job): Step[] => job.steps ?? [];

/** The steps of a job that use an action (`owner/repo`, without the ref). */
export const stepsUsing = (job: Job, action: string): Step[] =>
  stepsOf(job).filter((s) => s.uses?.split("@")[0] === action);

/** All the shell of a job's `run:` steps, one string. */
export const scriptOf = (job: Job): string =>
  stepsOf(job)
    .map((s) => s.run ?? "")
    .join("\n");

export const AWS_CREDENTIALS = "aws-actions/configure-aws-credentials";
