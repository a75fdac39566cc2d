import type { WalkStack } from "../../delivery/manifest-stacks";
import { renderMarkdown, MAX_MARKDOWN_CHARS } from "../../delivery/markdown";
import { EXIT, parseDriverArgs } from "../../delivery/options";
import type { CommandStep } from "../../delivery/stack-commands";
import { walkStacks, type CommandResult } from "../../delivery/walk";

const STACKS: WalkStack[] = [
  { name: "dev-network", workingDirectory: "stacks/dev-network", dependencies: [] },
  { name: "dev-eks", workingDirectory: "stacks/dev-eks", dependencies: ["dev-network"] },
  { name: "dev-karpenter", workingDirectory: "stacks/dev-karpenter", dependencies: ["dev-eks"] },
  { name: "dev-data", workingDirectory: "stacks/dev-data", dependencies: ["dev-karpenter", "dev-eks"] },
];

/** Terraform's own message when a stack reads an output its upstream state does not have yet. */
const MISSING_OUTPUT = `Error: Unsupported attribute
  on cdk.tf.json line 12, in resource.aws_eks_access_entry.Cluster_AdminEntry0:
  12: "cluster_name": "\${data.terraform_remote_state.cross-stack-reference-input-dev-eks.outputs.cross-stack-output-aws_eks_clusterCluster_EB0386A7name}"
This object does not have an attribute named "cross-stack-output-aws_eks_clusterCluster_EB0386A7name".`;

/** The same error about a resource's own attribute: a bug in the code, not an upstream to wait for. */
const BAD_ATTRIBUTE = `Error: Unsupported attribute
  on cdk.tf.json line 40, in resource.aws_iam_role_policy.Policy:
  40: "role": "\${aws_iam_role.Role_1234.nmae}"
This object has no argument, nested block, or exported attribute named "nmae".`;

/** A runner that records each step and answers per stack directory (or cdktf stack argument). */
function fakeRunner(answers: Record<string, CommandResult> = {}) {
  const calls: CommandStep[] = [];
  const runner = async (step: CommandStep): Promise<CommandResult> => {
    calls.push(step);
    const stack = STACKS.find((s) => step.cwd.endsWith(s.workingDirectory) || step.args.includes(s.name));
    const isInit = step.args[0] === "init";
    return (!isInit && stack && answers[stack.name]) || { code: 0, output: `${step.args[0]} ok\n` };
  };
  return { runner, calls };
}

const lines: string[] = [];
const log = (line: string) => lines.push(line);
beforeEach(() => (lines.length = 0));

describe("walkStacks", () => {
  it("runs cdktf one stack at a time, upstream first, without synthesizing again", async () => {
    const { runner, calls } = fakeRunner();
    const result = await walkStacks(parseDriverArgs(["diff", "dev"]), STACKS, runner, log, "cdktf.out");
    expect(result.exitCode).toBe(EXIT.ok);
    expect(calls).toHaveLength(4);
    expect(calls.map((c) => c.args.slice(0, 3))).toEqual(STACKS.map((s) => ["cdktf", "diff", s.name]));
    expect(calls[0]).toEqual({
      program: "npx",
      args: ["cdktf", "diff", "dev-network", "--skip-synth", "--output", "cdktf.out", "--no-color"],
      cwd: ".",
    });
  });

  it("deploys with cdktf stack by stack (no dependency check across the walk) and approves only when asked", async () => {
    const asked = fakeRunner();
    await walkStacks(parseDriverArgs(["deploy", "dev"]), STACKS, asked.runner, log, "out");
    expect(asked.calls).toHaveLength(4);
    expect(asked.calls[0].args).toContain("--ignore-missing-stack-dependencies");
    expect(asked.calls.every((c) => !c.args.includes("--auto-approve"))).toBe(true);
    const approved = fakeRunner();
    await walkStacks(
      parseDriverArgs(["deploy", "dev", "--auto-approve"]),
      STACKS,
      approved.runner,
      log,
      "out",
    );
    expect(approved.calls).toHaveLength(4);
    expect(approved.calls.every((c) => c.args.includes("--auto-approve"))).toBe(true);
  });

  it("runs terraform init then plan in each synthesized stack directory", async () => {
    const { runner, calls } = fakeRunner();
    await walkStacks(parseDriverArgs(["diff", "dev", "--tool", "terraform"]), STACKS, runner, log, "/o");
    expect(calls).toHaveLength(8);
    expect(calls.slice(0, 2)).toEqual([
      { program: "terraform", args: ["init", "-input=false", "-no-color"], cwd: "/o/stacks/dev-network" },
      {
        program: "terraform",
        args: ["plan", "-input=false", "-lock-timeout=5m", "-no-color"],
        cwd: "/o/stacks/dev-network",
      },
    ]);
  });

  it("plans without the state lock when asked (pull requests and drift: the plan role takes no lock)", async () => {
    const { runner, calls } = fakeRunner();
    await walkStacks(
      parseDriverArgs(["diff", "dev", "--tool", "terraform", "--no-lock"]),
      STACKS,
      runner,
      log,
      "/o",
    );
    expect(calls).toHaveLength(8);
    expect(calls[1].args).toEqual(["plan", "-input=false", "-lock=false", "-no-color"]);
  });

  it("applies with tofu, asking on the terminal unless --auto-approve", async () => {
    const { runner, calls } = fakeRunner();
    await walkStacks(
      parseDriverArgs(["deploy", "dev", "--tool", "tofu"]),
      STACKS.slice(0, 1),
      runner,
      log,
      "o",
      true,
    );
    expect(calls.map((c) => [c.program, ...c.args])).toEqual([
      ["tofu", "init", "-input=false"],
      ["tofu", "apply", "-lock-timeout=5m"],
    ]);
    const auto = fakeRunner();
    await walkStacks(
      parseDriverArgs(["deploy", "dev", "--tool", "tofu", "--auto-approve"]),
      STACKS.slice(0, 1),
      auto.runner,
      log,
      "o",
      true,
    );
    expect(auto.calls[1].args).toEqual(["apply", "-input=false", "-auto-approve", "-lock-timeout=5m"]);
  });

  it("diff: says in one line that a stack waits for its upstream, and goes on", async () => {
    const { runner, calls } = fakeRunner({ "dev-eks": { code: 1, output: MISSING_OUTPUT } });
    const result = await walkStacks(parseDriverArgs(["diff", "dev"]), STACKS, runner, log, "o");
    expect(calls).toHaveLength(4);
    expect(result.exitCode).toBe(EXIT.ok);
    expect(result.outcomes.map((o) => o.status)).toEqual([
      "planned",
      "waiting-for-upstream",
      "planned",
      "planned",
    ]);
    expect(lines).toContain(
      "dev-eks: cannot be planned yet: it reads outputs of dev-network, not all deployed yet. Continuing with the next stack.",
    );
  });

  it("diff: a stack with no upstream failing on the same words is a failure, not a wait", async () => {
    const { runner } = fakeRunner({ "dev-network": { code: 1, output: MISSING_OUTPUT } });
    const result = await walkStacks(parseDriverArgs(["diff", "dev"]), STACKS, runner, log, "o");
    expect(result.outcomes[0].status).toBe("failed");
    expect(result.exitCode).toBe(EXIT.failed);
  });

  it("diff: a missing attribute that is not an upstream stack's output is a failure, not a wait", async () => {
    const { runner } = fakeRunner({ "dev-eks": { code: 1, output: BAD_ATTRIBUTE } });
    const result = await walkStacks(
      parseDriverArgs(["diff", "dev", "--tool", "terraform", "--detailed-exitcode"]),
      STACKS,
      runner,
      log,
      "o",
    );
    expect(result.outcomes[1].status).toBe("failed");
    expect(result.exitCode).toBe(EXIT.failed);
  });

  it("diff: another failure is reported, the walk goes on, and the exit code is 1", async () => {
    const { runner, calls } = fakeRunner({
      "dev-karpenter": { code: 1, output: "Error: Invalid provider configuration" },
    });
    const result = await walkStacks(parseDriverArgs(["diff", "dev"]), STACKS, runner, log, "o");
    expect(calls).toHaveLength(4);
    expect(result.exitCode).toBe(EXIT.failed);
    expect(lines).toContain(
      "dev-karpenter: plan failed (exit 1); see its output. Continuing with the next stack.",
    );
  });

  it("deploy: stops at the first failure and says what was applied before it", async () => {
    const { runner, calls } = fakeRunner({
      "dev-karpenter": { code: 1, output: "Error: creating IAM role" },
    });
    const result = await walkStacks(parseDriverArgs(["deploy", "dev"]), STACKS, runner, log, "o");
    expect(calls).toHaveLength(3);
    expect(result.exitCode).toBe(EXIT.failed);
    expect(result.outcomes.map((o) => o.status)).toEqual(["applied", "applied", "failed", "not-run"]);
    expect(lines).toContain(
      "dev-karpenter: apply failed (exit 1); applied before it: dev-network, dev-eks. Later stacks depend on it: stopping here.",
    );
  });

  it("deploy: a missing upstream is a failure too (never skipped)", async () => {
    const { runner, calls } = fakeRunner({ "dev-eks": { code: 1, output: MISSING_OUTPUT } });
    const result = await walkStacks(parseDriverArgs(["deploy", "dev"]), STACKS, runner, log, "o");
    expect(calls).toHaveLength(2);
    expect(result.outcomes[1].status).toBe("failed");
  });

  it("stops before the next stack once interrupted, never cutting the running one short (exit 130)", async () => {
    const { runner, calls } = fakeRunner();
    const result = await walkStacks(
      parseDriverArgs(["deploy", "dev", "--auto-approve"]),
      STACKS,
      runner,
      log,
      "o",
      false,
      () => calls.length >= 1,
    );
    expect(calls).toHaveLength(1);
    expect(result.exitCode).toBe(EXIT.interrupted);
    expect(result.outcomes.map((o) => o.status)).toEqual(["applied", "not-run", "not-run", "not-run"]);
    expect(lines).toContain(
      "interrupted: dev-eks and the stacks after it were not started; done: dev-network",
    );
  });

  it("stops at once when AWS refuses the credentials", async () => {
    const { runner, calls } = fakeRunner({
      "dev-network": { code: 1, output: "Error: No valid credential sources found" },
    });
    const result = await walkStacks(parseDriverArgs(["diff", "dev"]), STACKS, runner, log, "o");
    expect(calls).toHaveLength(1);
    expect(result.exitCode).toBe(EXIT.failed);
    expect(result.outcomes.map((o) => o.status)).toEqual(["failed", "not-run", "not-run", "not-run"]);
  });

  it("--detailed-exitcode: 3 when a plan has changes or a stack waits for its upstream, 0 when all are clean", async () => {
    const options = parseDriverArgs(["diff", "dev", "--tool", "terraform", "--detailed-exitcode"]);
    const clean = fakeRunner();
    expect((await walkStacks(options, STACKS, clean.runner, log, "o")).exitCode).toBe(EXIT.ok);
    expect(clean.calls[1].args).toContain("-detailed-exitcode");
    const changed = fakeRunner({ "dev-data": { code: 2, output: "Plan: 1 to add" } });
    const result = await walkStacks(options, STACKS, changed.runner, log, "o");
    expect(result.exitCode).toBe(EXIT.changes);
    expect(result.outcomes.map((o) => o.status)).toEqual([
      "no-changes",
      "no-changes",
      "no-changes",
      "changes",
    ]);
    const waiting = fakeRunner({ "dev-data": { code: 1, output: MISSING_OUTPUT } });
    expect((await walkStacks(options, STACKS, waiting.runner, log, "o")).exitCode).toBe(EXIT.changes);
  });

  it("exit code 2 from a plan without --detailed-exitcode is a failure", async () => {
    const { runner } = fakeRunner({ "dev-data": { code: 2, output: "Error" } });
    const result = await walkStacks(
      parseDriverArgs(["diff", "dev", "--tool", "terraform"]),
      STACKS,
      runner,
      log,
      "o",
    );
    expect(result.exitCode).toBe(EXIT.failed);
  });
});

describe("renderMarkdown", () => {
  it("tables every stack and folds each output, without colour codes", async () => {
    const { runner } = fakeRunner({ "dev-data": { code: 2, output: "\u001b[1mPlan:\u001b[0m 1 to add" } });
    const options = parseDriverArgs(["diff", "dev", "--tool", "terraform", "--detailed-exitcode"]);
    const { outcomes } = await walkStacks(options, STACKS, runner, log, "o");
    const markdown = renderMarkdown(options, outcomes);
    expect(markdown).toContain("| `dev-data` | **changes** |  |");
    expect(markdown).toContain("<details><summary>dev-data</summary>");
    expect(markdown).toContain("Plan: 1 to add");
    expect(markdown).not.toContain("\u001b[");
  });

  it("cuts long outputs to fit a GitHub comment", async () => {
    const huge = "x".repeat(200_000);
    const { runner } = fakeRunner(Object.fromEntries(STACKS.map((s) => [s.name, { code: 0, output: huge }])));
    const options = parseDriverArgs(["diff", "dev"]);
    const { outcomes } = await walkStacks(options, STACKS, runner, log, "o");
    const markdown = renderMarkdown(options, outcomes);
    expect(markdown.length).toBeLessThan(MAX_MARKDOWN_CHARS + 2_000);
    expect(markdown).toMatch(/characters cut/);
  });
});
