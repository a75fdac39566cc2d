import {
  AWS_CREDENTIALS,
  environmentNames,
  type Job,
  loadWorkflows,
  type LoadedWorkflow,
  scriptOf,
  stepsOf,
  stepsUsing,
} from "./helpers";
import { DEFAULT_DEPLOY_SESSION_SECONDS } from "../../config/ci";

const workflows = loadWorkflows();
const all = [...workflows.values()];

function workflow(file: string): LoadedWorkflow {
  const w = workflows.get(file);
  if (!w) throw new Error(`.github/workflows/${file} is missing`);
  return w;
}

function job(file: string, id: string): Job {
  const j = workflow(file).doc.jobs[id];
  if (!j) throw new Error(`${file}: no job ${id}`);
  return j;
}

/** Every job of every workflow, as `<file>#<job>`. */
const allJobs = all.flatMap((w) =>
  Object.entries(w.doc.jobs).map(([id, j]) => ({ where: `${w.file}#${id}`, job: j })),
);

const PLAN_ROLE = "${{ vars.AWS_PLAN_ROLE_ARN }}";
const DEPLOY_ROLE = "${{ vars.AWS_DEPLOY_ROLE_ARN }}";
const runsDriver = (j: Job, command: "diff" | "deploy") =>
  new RegExp(`npm run ${command} -- `).test(scriptOf(j));

describe("the workflow files", () => {
  it("are exactly pr.yml, deploy.yml and drift.yml", () => {
    expect([...workflows.keys()].sort()).toEqual(["deploy.yml", "drift.yml", "pr.yml"]);
  });

  it("grant only `contents: read` at the top level", () => {
    expect(all).toHaveLength(3);
    for (const w of all) expect([w.file, w.doc.permissions]).toEqual([w.file, { contents: "read" }]);
  });

  it("widen permissions per job only where needed", () => {
    const expected: Record<string, Record<string, string> | undefined> = {
      "pr.yml#checks": undefined,
      "pr.yml#changes": undefined,
      "pr.yml#plan": { contents: "read", "id-token": "write" },
      "pr.yml#comment": { "pull-requests": "write" },
      "deploy.yml#changes": undefined,
      "deploy.yml#deploy": { contents: "read", "id-token": "write" },
      "deploy.yml#deploy-prod": { contents: "read", "id-token": "write" },
      "drift.yml#environments": undefined,
      "drift.yml#plan": { contents: "read", "id-token": "write" },
      "drift.yml#report": { issues: "write" },
    };
    expect(allJobs.map((j) => j.where).sort()).toEqual(Object.keys(expected).sort());
    for (const { where, job: j } of allJobs) expect([where, j.permissions]).toEqual([where, expected[where]]);
  });

  it("ask for an OIDC token only in the jobs that assume an AWS role, and those assume one", () => {
    const withToken = allJobs.filter(
      ({ job: j }) => typeof j.permissions === "object" && j.permissions["id-token"],
    );
    expect(withToken.map((j) => j.where).sort()).toEqual([
      "deploy.yml#deploy",
      "deploy.yml#deploy-prod",
      "drift.yml#plan",
      "pr.yml#plan",
    ]);
    for (const { where, job: j } of allJobs) {
      const assumes = stepsUsing(j, AWS_CREDENTIALS).length > 0;
      expect([where, assumes]).toEqual([where, withToken.some((t) => t.where === where)]);
    }
  });

  it("pin every action to a full commit SHA with its version in a trailing comment", () => {
    const usesLines = all.flatMap((w) =>
      w.raw
        .split("\n")
        .filter((line) => /^\s*(-\s+)?uses:/.test(line))
        .map((line) => ({ file: w.file, line: line.trim() })),
    );
    expect(usesLines.length).toBeGreaterThanOrEqual(20);
    for (const { file, line } of usesLines) {
      expect([file, line]).toEqual([
        file,
        expect.stringMatching(/^(- )?uses: [A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/),
      ]);
    }
    // The parsed documents agree with the raw text: every step's `uses` is owner/repo@<40 hex>.
    const parsedUses = allJobs.flatMap(({ job: j }) => stepsOf(j).flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(parsedUses).toHaveLength(usesLines.length);
    for (const uses of parsedUses) expect(uses).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[0-9a-f]{40}$/);
  });

  it("pin each action to one commit and one version everywhere", () => {
    const pins = new Map<string, Set<string>>();
    for (const w of all) {
      for (const m of w.raw.matchAll(/uses: ([^@\s]+)@([0-9a-f]{40}) # (v\S+)/g)) {
        pins.set(m[1]!, (pins.get(m[1]!) ?? new Set()).add(`${m[2]} ${m[3]}`));
      }
    }
    expect([...pins.keys()].sort()).toEqual([
      "actions/cache",
      "actions/checkout",
      "actions/download-artifact",
      "actions/github-script",
      "actions/setup-go",
      "actions/setup-node",
      "actions/upload-artifact",
      "aws-actions/configure-aws-credentials",
      "hashicorp/setup-terraform",
    ]);
    for (const [action, set] of pins) expect([action, set.size]).toEqual([action, 1]);
  });

  it("hold no long-lived AWS key and read no secret", () => {
    expect(all).toHaveLength(3);
    for (const w of all) {
      expect([w.file, w.raw]).not.toEqual([
        w.file,
        expect.stringMatching(
          /aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/i,
        ),
      ]);
      expect([w.file, w.raw]).not.toEqual([w.file, expect.stringContaining("secrets.")]);
    }
  });

  it("take the AWS roles and region from GitHub variables", () => {
    const steps = allJobs.flatMap(({ where, job: j }) =>
      stepsUsing(j, AWS_CREDENTIALS).map((s) => ({ where, s })),
    );
    expect(steps).toHaveLength(4);
    for (const { where, s } of steps) {
      expect([where, s.with?.["role-to-assume"]]).toEqual([
        where,
        expect.stringMatching(/^\$\{\{ vars\.AWS_\w+_ROLE_ARN \}\}$/),
      ]);
      expect([where, s.with?.["aws-region"]]).toEqual([where, "${{ vars.AWS_REGION }}"]);
    }
  });

  it("declare a GitHub environment in the deploy jobs only: plan and drift jobs have none", () => {
    const withEnvironment = allJobs.filter(({ job: j }) => j.environment !== undefined).map((j) => j.where);
    expect(withEnvironment.sort()).toEqual(["deploy.yml#deploy", "deploy.yml#deploy-prod"]);
  });

  it("use the deploy role under an environment and the plan role without one", () => {
    const assuming = allJobs.filter(({ job: j }) => stepsUsing(j, AWS_CREDENTIALS).length > 0);
    expect(assuming).toHaveLength(4);
    for (const { where, job: j } of assuming) {
      const role = stepsUsing(j, AWS_CREDENTIALS)[0]!.with?.["role-to-assume"];
      expect([where, role]).toEqual([where, j.environment === undefined ? PLAN_ROLE : DEPLOY_ROLE]);
    }
  });

  it("run Terraform 1.11.4 without its wrapper wherever a driver plans or deploys", () => {
    const drivers = allJobs.filter(({ job: j }) => runsDriver(j, "diff") || runsDriver(j, "deploy"));
    expect(drivers.map((d) => d.where).sort()).toEqual([
      "deploy.yml#deploy",
      "deploy.yml#deploy-prod",
      "drift.yml#plan",
      "pr.yml#plan",
    ]);
    for (const { where, job: j } of drivers) {
      const setup = stepsUsing(j, "hashicorp/setup-terraform");
      expect([where, setup.map((s) => s.with)]).toEqual([
        where,
        [{ terraform_version: "1.11.4", terraform_wrapper: false }],
      ]);
      const script = scriptOf(j);
      // Synth once, then plain terraform on the synthesized JSON.
      expect([where, script]).toEqual([where, expect.stringMatching(/npm run synth/)]);
      expect([where, script]).toEqual([
        where,
        expect.stringMatching(/npm run (diff|deploy) -- "\$ENVIRONMENT" --tool terraform --no-synth/),
      ]);
      const steps = stepsOf(j);
      const synthAt = steps.findIndex((s) => /npm run synth/.test(s.run ?? ""));
      const driverAt = steps.findIndex((s) => /npm run (diff|deploy) -- /.test(s.run ?? ""));
      const credentialsAt = steps.findIndex((s) => s.uses?.startsWith(`${AWS_CREDENTIALS}@`));
      expect([where, synthAt < credentialsAt, credentialsAt < driverAt]).toEqual([where, true, true]);
    }
  });

  it("set up Node 20 with the npm cache and check out without persisting credentials", () => {
    const nodes = allJobs.flatMap(({ where, job: j }) =>
      stepsUsing(j, "actions/setup-node").map((s) => ({ where, s })),
    );
    expect(nodes.length).toBeGreaterThanOrEqual(5);
    for (const { where, s } of nodes)
      expect([where, s.with]).toEqual([where, { "node-version": 20, cache: "npm" }]);
    const checkouts = allJobs.flatMap(({ where, job: j }) =>
      stepsUsing(j, "actions/checkout").map((s) => ({ where, s })),
    );
    expect(checkouts.length).toBeGreaterThanOrEqual(9);
    for (const { where, s } of checkouts)
      expect([where, s.with?.["persist-credentials"]]).toEqual([where, false]);
  });

  it("pass expressions to scripts through env, never inline in `run:`", () => {
    const runs = allJobs.flatMap(({ where, job: j }) =>
      stepsOf(j).flatMap((s) => (s.run ? [{ where, run: s.run }] : [])),
    );
    expect(runs.length).toBeGreaterThanOrEqual(15);
    for (const { where, run } of runs)
      expect([where, run]).not.toEqual([where, expect.stringContaining("${{")]);
  });
});

describe("pr.yml", () => {
  const pr = workflow("pr.yml").doc;

  it("runs on pull requests only", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
  });

  it("tests, installs the verify tools, then verifies", () => {
    const steps = stepsOf(job("pr.yml", "checks")).map((s) => s.run ?? "");
    const at = (re: RegExp) => steps.findIndex((r) => re.test(r));
    const order = [
      /^npm ci\b/,
      /^npm test\b/,
      /^bash scripts\/install-tools\.sh$/,
      /^npm run synth$/,
      /^npm run verify\b/,
    ].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("computes the changed environments with scripts/changed-environments.mjs from the merge commit", () => {
    const changes = job("pr.yml", "changes");
    expect(stepsUsing(changes, "actions/checkout")[0]!.with?.["fetch-depth"]).toBe(2);
    expect(scriptOf(changes)).toMatch(/git diff --name-only --no-renames HEAD\^1 HEAD/);
    expect(scriptOf(changes)).toMatch(/node scripts\/changed-environments\.mjs/);
    expect(changes.outputs?.environments).toBe("${{ steps.changed.outputs.environments }}");
  });

  it("plans each changed environment in a matrix that does not fail fast, not for forks", () => {
    const plan = job("pr.yml", "plan");
    expect(plan.strategy?.["fail-fast"]).toBe(false);
    expect(plan.strategy?.matrix?.environment).toBe("${{ fromJSON(needs.changes.outputs.environments) }}");
    expect(plan.if).toContain("needs.changes.outputs.environments != '[]'");
    expect(plan.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(scriptOf(plan)).toMatch(/--detailed-exitcode/);
    expect(scriptOf(plan)).toMatch(/--markdown "\$RUNNER_TEMP\/plan\/\$ENVIRONMENT\.md"/);
    // Plans take no lock (--no-lock), so a newer push may cancel an older plan.
    expect(scriptOf(plan)).toMatch(/--no-lock/);
    expect(plan.concurrency).toMatchObject({ "cancel-in-progress": true });
  });

  it("writes the comment one run at a time, and never with the plan of an older push", () => {
    const comment = job("pr.yml", "comment");
    expect(comment.concurrency).toEqual({
      group: "pr-comment-${{ github.event.pull_request.number }}",
      "cancel-in-progress": false,
    });
    expect(JSON.stringify(comment.steps)).toContain("current.head.sha !== sha");
  });

  it("posts one comment, found again by its hidden marker and updated", () => {
    const comment = job("pr.yml", "comment");
    const scripts = stepsUsing(comment, "actions/github-script").map((s) => String(s.with?.script));
    expect(scripts).toHaveLength(1);
    const script = scripts[0]!;
    expect(script).toContain('"<!-- cdktf-plan -->"');
    expect(script).toMatch(/github\.paginate\(github\.rest\.issues\.listComments/);
    expect(script).toMatch(/c\.body\?\.includes\(MARKER\)/);
    expect(script).toMatch(/updateComment/);
    expect(script).toMatch(/createComment/);
    expect(comment.needs).toEqual(["changes", "plan"]);
    expect(comment.if).toMatch(/!cancelled\(\)/);
  });
});

describe("deploy.yml", () => {
  const deploy = workflow("deploy.yml").doc;
  const deployJobs = Object.entries(deploy.jobs).filter(([, j]) => runsDriver(j, "deploy"));

  it("runs on push to main and by hand with a choice of every environment", () => {
    expect(Object.keys(deploy.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    const input = (deploy.on.workflow_dispatch as { inputs: Record<string, Record<string, unknown>> }).inputs
      .environment!;
    expect(input.type).toBe("choice");
    expect(input.required).toBe(true);
    const names = environmentNames();
    expect(names).toHaveLength(6);
    expect(input.options).toEqual(names);
  });

  it("deploys under a GitHub environment, one at a time per environment, never cancelled", () => {
    expect(deployJobs.map(([id]) => id)).toEqual(["deploy", "deploy-prod"]);
    for (const [id, j] of deployJobs) {
      const env = id === "deploy" ? "${{ matrix.environment }}" : "prod";
      expect([id, j.environment]).toEqual([id, env]);
      expect([id, j.concurrency]).toEqual([id, { group: `deploy-${env}`, "cancel-in-progress": false }]);
      expect([id, scriptOf(j)]).toEqual([id, expect.stringContaining("--auto-approve")]);
    }
    expect(deploy.concurrency).toBeUndefined();
  });

  it("deploys only the environments vars.DEPLOY_ENVIRONMENTS lists, when set", () => {
    const changes = job("deploy.yml", "changes");
    const step = stepsOf(changes).find((st) => st.id === "changed")!;
    expect(step.env?.DEPLOY_ENVIRONMENTS).toBe("${{ vars.DEPLOY_ENVIRONMENTS }}");
    expect(step.run).toMatch(/jq -c --argjson allowed "\$DEPLOY_ENVIRONMENTS"/);
  });

  it("asks for a deploy session as long as the deploy role allows by default (one session per environment)", () => {
    expect(deployJobs).toHaveLength(2);
    for (const [id, j] of deployJobs) {
      const credentials = stepsUsing(j, AWS_CREDENTIALS);
      expect(credentials).toHaveLength(1);
      expect([id, credentials[0]!.with?.["role-duration-seconds"]]).toEqual([
        id,
        `\${{ vars.AWS_DEPLOY_SESSION_SECONDS || ${DEFAULT_DEPLOY_SESSION_SECONDS} }}`,
      ]);
    }
  });

  it("deploys the other environments first, not failing fast, then prod once they succeeded", () => {
    const nonprod = job("deploy.yml", "deploy");
    expect(nonprod.strategy?.["fail-fast"]).toBe(false);
    expect(nonprod.strategy?.["max-parallel"]).toBe(2);
    expect(nonprod.strategy?.matrix?.environment).toBe("${{ fromJSON(needs.changes.outputs.nonprod) }}");
    const prod = job("deploy.yml", "deploy-prod");
    expect(prod.needs).toEqual(["changes", "deploy"]);
    expect(prod.if).toContain("needs.changes.outputs.prod == 'true'");
    expect(prod.if).toContain("(needs.deploy.result == 'success' || needs.deploy.result == 'skipped')");
    expect(prod.if).toContain("!cancelled()");
  });

  it("computes what to deploy from the pushed range, or the chosen environment, from main only", () => {
    const changes = job("deploy.yml", "changes");
    const script = scriptOf(changes);
    expect(script).toMatch(/\$GITHUB_REF != refs\/heads\/main/);
    expect(script).toMatch(/git diff --name-only --no-renames "\$BEFORE" "\$GITHUB_SHA"/);
    expect(script).toMatch(/node scripts\/changed-environments\.mjs --all/);
    expect(stepsUsing(changes, "actions/checkout")[0]!.with?.["fetch-depth"]).toBe(0);
  });
});

describe("drift.yml", () => {
  const drift = workflow("drift.yml").doc;

  it("runs on a schedule and by hand", () => {
    expect(Object.keys(drift.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const schedule = drift.on.schedule as { cron: string }[];
    expect(schedule).toHaveLength(1);
    expect(schedule[0]!.cron.split(" ")).toHaveLength(5);
  });

  it("plans every environment in a matrix that does not fail fast, without an environment", () => {
    const plan = job("drift.yml", "plan");
    expect(plan.environment).toBeUndefined();
    expect(plan.strategy?.["fail-fast"]).toBe(false);
    expect(plan.strategy?.matrix?.environment).toBe(
      "${{ fromJSON(needs.environments.outputs.environments) }}",
    );
    expect(scriptOf(plan)).toMatch(/--detailed-exitcode/);
    // The plan role takes no state lock: a drift check never holds up a deploy.
    expect(scriptOf(plan)).toMatch(/--no-lock/);
    // One drift run at a time: two would open the same issues twice.
    expect(drift.concurrency).toEqual({ group: "drift", "cancel-in-progress": false });
    expect(scriptOf(job("drift.yml", "environments"))).toMatch(
      /node scripts\/changed-environments\.mjs --all/,
    );
  });

  it("opens or updates one issue per environment, found by title and label", () => {
    const report = job("drift.yml", "report");
    const scripts = stepsUsing(report, "actions/github-script").map((s) => String(s.with?.script));
    expect(scripts).toHaveLength(1);
    const script = scripts[0]!;
    expect(script).toContain("const title = `Drift detected: ${env}`;");
    expect(script).toMatch(/issues\.listForRepo, \{ owner, repo, state: "open", labels: LABEL/);
    expect(script).toMatch(/issues\.create\(/);
    expect(script).toMatch(/issues\.update\(/);
    expect(report.if).toMatch(/!cancelled\(\)/);
  });
});
