import { GUARDRAIL_RULES } from "./rules";

/** Markers around the README block rendered by {@link renderGuardrailsBlock}. */
export const README_START = "<!-- guardrails:start -->";
export const README_END = "<!-- guardrails:end -->";

/** What the block says before its tables: how it is made and kept, how the rules read the code. */
const HOW_TO_READ = [
  "This block is generated from the rule catalogue (`constructs/guardrails/rules.ts`) and from the suppressions",
  "the code applies to every shipped stack, so it cannot drift: `test/constructs/guardrails/readme.test.ts`",
  "synthesizes every environment once and fails on any guardrail error, on a suppression that lets nothing",
  "through (stale), and on a block that differs from this one (it prints the expected block). After adding a rule",
  "or a suppression, regenerate it with `UPDATE_README=1 npx jest test/constructs/guardrails/readme.test.ts`.",
  "",
  "A finding names the rule, the construct path (which starts with the stack) and the Terraform type, then what",
  "to set: `[s3-versioning] dev-data/ObjectStore/Buckets/trino-exchange/Resource (aws_s3_bucket): add an",
  "aws_s3_bucket_versioning …`. How the rules read the code: a resource is recognised by its Terraform type and",
  "judged on its Terraform attributes, escape-hatch overrides (`addOverride`) included, so a raw",
  "`TerraformResource` is judged like one of its provider class; an AWS resource is taggable when its cdktf class",
  "has `tags` or, written raw, when it writes `tags` (a raw one without `tags` is not judged); an S3 bucket is",
  "matched with the `aws_s3_bucket_*` configuration resources of its stack whose `bucket` is a reference to its",
  "`id` or `bucket` (or its literal name); policies are the literal JSON the project writes (`JSON.stringify`),",
  "parsed, or the `aws_iam_policy_document` of the stack they refer to, and ECS `container_definitions` are parsed",
  "the same way; managed policies other than `AdministratorAccess` and `PowerUserAccess` are not read; a value",
  "with a token in it (a `random_password`, a resource attribute) is never a literal, and a number or a boolean",
  "under a secret-named key is a setting (`tokenExpiry: 3600`); secret-named keys are judged by their words",
  "(`isSecretKey` in `constructs/guardrails/literal-secrets.ts`); RDS deletion protection is required where the",
  "environment sets `production: true` (`applyGuardrails(stack, { requiredTagKeys, production })`).",
];

/** A suppression as the README lists it: stack-independent construct path, rule and reason. */
export interface DocumentedSuppression {
  /** Construct path with the environment's name replaced (`<env>-data/ObjectStore/trino-exchange`). */
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

/** A Markdown table aligned the way prettier writes it, so `prettier --check` leaves it alone. */
function table(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, "\\|")));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => [...row[i]].length)));
  const line = (row: ReadonlyArray<string>) =>
    `| ${row.map((cell, i) => cell + " ".repeat(widths[i] - [...cell].length)).join(" | ")} |`;
  return [line(cells[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)];
}

/**
 * The README block: the rule catalogue (id, what fails, how to opt out) and the suppressions in use,
 * deduplicated and sorted, between the markers.
 */
export function renderGuardrailsBlock(suppressions: ReadonlyArray<DocumentedSuppression>): string {
  const unique = new Map(suppressions.map((s) => [`${s.path}\u0000${s.rule}\u0000${s.reason}`, s]));
  const sorted = [...unique.values()].sort(
    (a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule),
  );
  return [
    README_START,
    "<!-- Generated from constructs/guardrails/rules.ts and the suppressions in code; do not edit by hand. -->",
    "",
    ...HOW_TO_READ,
    "",
    ...table(
      ["rule", "fails when", "opt out"],
      GUARDRAIL_RULES.map((rule) => [
        `\`${rule.id}\``,
        rule.failsWhen,
        `\`suppressGuardrail(construct, "${rule.id}", "<reason, 10+ characters>")\``,
      ]),
    ),
    "",
    `Suppressions in use in the shipped environments (\`<env>\` stands for an environment's name, \`<state>\` for a state stack, \`<ci>\` for a CI account's stack), ${sorted.length}:`,
    "",
    ...(sorted.length > 0
      ? table(
          ["construct", "rule", "reason"],
          sorted.map((s) => [`\`${s.path}\``, `\`${s.rule}\``, s.reason]),
        )
      : ["(none)"]),
    "",
    README_END,
  ].join("\n");
}

/** `text` with the block between the markers replaced by `block`; fails when the markers are missing. */
export function replaceGuardrailsBlock(text: string, block: string): string {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no ${README_START} … ${README_END} block`);
  }
  return text.slice(0, start) + block + text.slice(end + README_END.length);
}

/** The block between the markers (markers included), or undefined. */
export function guardrailsBlockOf(text: string): string | undefined {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  return start < 0 || end < start ? undefined : text.slice(start, end + README_END.length);
}

/**
 * A construct path without its environment: the stack name's environment part becomes `<env>`
 * (`dev-data/…` → `<env>-data/…`), a state stack `<state>`, a CI account's stack `<ci>`. The longest matching name wins
 * (`outpost-local` before `outpost`).
 */
export function stackIndependentPath(
  path: string,
  names: {
    readonly environments: ReadonlyArray<string>;
    readonly stateStacks: ReadonlyArray<string>;
    readonly ciStacks?: ReadonlyArray<string>;
  },
): string {
  const [stack, ...rest] = path.split("/");
  const tail = rest.length > 0 ? `/${rest.join("/")}` : "";
  if (names.stateStacks.includes(stack)) return `<state>${tail}`;
  if (names.ciStacks?.includes(stack)) return `<ci>${tail}`;
  const env = [...names.environments]
    .sort((a, b) => b.length - a.length)
    .find((name) => stack.startsWith(`${name}-`));
  return env ? `<env>${stack.slice(env.length)}${tail}` : path;
}
