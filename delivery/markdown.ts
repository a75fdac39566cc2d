import type { DriverOptions } from "./options";
import type { StackOutcome, StackStatus } from "./walk";

/** GitHub refuses comments and issue bodies over 65,536 characters; leave room for the table. */
export const MAX_MARKDOWN_CHARS = 60_000;

const LABELS: Readonly<Record<StackStatus, string>> = {
  "no-changes": "no changes",
  changes: "**changes**",
  planned: "planned",
  applied: "applied",
  "waiting-for-upstream": "waiting for upstream stacks",
  failed: "**failed**",
  "not-run": "not run",
};

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Keeps the head (the changes) and the tail (the plan's summary) of a long output. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 40) / 2);
  return `${text.slice(0, half)}\n… ${text.length - 2 * half} characters cut …\n${text.slice(-half)}`;
}

/**
 * A summary for a PR comment or an issue: a table of stacks and how each ended, then each stack's
 * output in a collapsed block, cut to fit GitHub's size limit.
 */
export function renderMarkdown(options: DriverOptions, outcomes: ReadonlyArray<StackOutcome>): string {
  const rows = outcomes.map(
    (o) => `| \`${o.stack}\` | ${LABELS[o.status]} | ${(o.detail ?? "").replace(/\|/g, "\\|")} |`,
  );
  const withOutput = outcomes.filter((o) => o.output.trim().length > 0);
  const budget = withOutput.length > 0 ? Math.floor(MAX_MARKDOWN_CHARS / withOutput.length) - 100 : 0;
  const blocks = withOutput.map(
    (o) =>
      `<details><summary>${o.stack}</summary>\n\n\`\`\`\n${shorten(o.output.replace(ANSI, "").replace(/```/g, "'''"), budget)}\n\`\`\`\n</details>`,
  );
  return [
    `### \`${options.command}\` of ${options.environment} (${options.tool})`,
    "",
    "| stack | result | detail |",
    "| --- | --- | --- |",
    ...rows,
    "",
    ...blocks,
    "",
  ].join("\n");
}
