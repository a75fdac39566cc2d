/** One problem found in an environment's configuration. */
export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `network.cidr`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** The value received, when there is one worth quoting. */
  readonly received?: unknown;
}

const MAX_RECEIVED_LENGTH = 120;

/** Renders a received value for an error message: JSON, cut to a readable length. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (field missing)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_RECEIVED_LENGTH ? `${text.slice(0, MAX_RECEIVED_LENGTH)}…` : text;
}

/** Joins a zod-style path (`["network", "availabilityZones", 0]`) into `network.availabilityZones[0]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

/**
 * Thrown when an environment's configuration is invalid. Lists every problem at once, each as
 * `environment "<name>": <field>: <what is allowed>, received <value>`.
 */
export class ConfigError extends Error {
  public readonly issues: ReadonlyArray<ConfigIssue>;

  /**
   * @param environment name of the environment (or other configured thing) at fault
   * @param issues every problem found
   * @param kind what `environment` names, first word of each line
   */
  constructor(
    public readonly environment: string,
    issues: ReadonlyArray<ConfigIssue>,
    kind = "environment",
  ) {
    super(ConfigError.render(`${kind} "${environment}"`, issues));
    this.name = "ConfigError";
    this.issues = issues;
  }

  private static render(subject: string, issues: ReadonlyArray<ConfigIssue>): string {
    const lines = issues.map((issue) => {
      const field = issue.path === "" ? "(root)" : issue.path;
      const received =
        "received" in issue && !/received/.test(issue.message)
          ? `, received ${describeValue(issue.received)}`
          : "";
      return `${subject}: ${field}: ${issue.message}${received}`;
    });
    return lines.length === 1
      ? lines[0]
      : `${lines.length} problems in the configuration:\n  ${lines.join("\n  ")}`;
  }
}
