import { parseDriverArgs, UsageError } from "../../delivery/options";

describe("parseDriverArgs", () => {
  it("defaults: every stack, cdktf, synth first, no auto-approve", () => {
    expect(parseDriverArgs(["diff", "dev"])).toEqual({
      command: "diff",
      environment: "dev",
      stacks: [],
      tool: "cdktf",
      autoApprove: false,
      detailedExitCode: false,
      noLock: false,
      markdownFile: undefined,
      synth: true,
    });
  });

  it("reads every flag", () => {
    expect(
      parseDriverArgs([
        "deploy",
        "prod",
        "--stacks",
        "eks, data",
        "--tool",
        "tofu",
        "--auto-approve",
        "--no-synth",
      ]),
    ).toMatchObject({
      command: "deploy",
      environment: "prod",
      stacks: ["eks", "data"],
      tool: "tofu",
      autoApprove: true,
      synth: false,
    });
    expect(
      parseDriverArgs([
        "diff",
        "lab",
        "--tool",
        "terraform",
        "--detailed-exitcode",
        "--markdown",
        "/tmp/p.md",
      ]),
    ).toMatchObject({ detailedExitCode: true, markdownFile: "/tmp/p.md" });
  });

  it.each([
    [["plan", "dev"], /expected "diff" or "deploy" as the command, received "plan"/],
    [["diff"], /name the environment/],
    [["diff", "dev", "lab"], /one environment at a time: received dev and lab/],
    [["diff", "dev", "--force"], /unknown flag "--force"/],
    [
      ["diff", "dev", "--tool", "pulumi"],
      /--tool: expected one of cdktf, terraform, tofu, received "pulumi"/,
    ],
    [["diff", "dev", "--stacks"], /--stacks needs a value/],
    [["diff", "dev", "--stacks", ","], /--stacks needs at least one stack name/],
    [["diff", "dev", "--auto-approve"], /--auto-approve applies to deploy only/],
    [["deploy", "dev", "--detailed-exitcode"], /--detailed-exitcode applies to diff only/],
    [["diff", "dev", "--detailed-exitcode"], /--detailed-exitcode needs --tool terraform or --tool tofu/],
    [
      ["diff", "outpost-*"],
      /environment: expected a name of lower-case letters, digits and hyphens, received "outpost-\*"/,
    ],
    [["diff", "dev;rm"], /received "dev;rm"/],
    [["diff", "dev", "--no-lock"], /--no-lock needs --tool terraform or --tool tofu/],
    [
      ["deploy", "dev", "--tool", "terraform", "--no-lock"],
      /--no-lock applies to diff only \(an apply always locks\)/,
    ],
  ])("refuses %j", (argv, message) => {
    expect(() => parseDriverArgs(argv)).toThrow(UsageError);
    expect(() => parseDriverArgs(argv)).toThrow(message);
  });
});
