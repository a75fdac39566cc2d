/** One problem found in an environment's configuration. */
export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `network.cidr`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** The value received, when there is one worth quoting. */
  readonly received?: unknown;
  /** File where the field is written, when it is not the environment's own file. */
  readonly definedIn?: string;
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
   * @param file the file that declares it (e.g. `config/environments/dev.ts`), prefixed to each line
   */
  constructor(
    public readonly environment: string,
    issues: ReadonlyArray<ConfigIssue>,
    kind = "environment",
    public readonly file?: string,
  ) {
    super(ConfigError.render(`${file ? `${file}: ` : ""}${kind} "${environment}"`, issues));
    this.name = "ConfigError";
    this.issues = issues;
    this.kind = kind;
  }

  /** What `environment` names (`environment`, `state backend`). */
  public readonly kind: string;

  /** The same problems, attributed to the file that declares them. */
  public inFile(file: string, definedIn: (issue: ConfigIssue) => string | undefined = () => undefined) {
    return new ConfigError(
      this.environment,
      this.issues.map((issue) => ({ ...issue, definedIn: issue.definedIn ?? definedIn(issue) })),
      this.kind,
      file,
    );
  }

  private static render(subject: string, issues: ReadonlyArray<ConfigIssue>): string {
    const lines = issues.map((issue) => {
      const path = issue.path === "" ? "(root)" : issue.path;
      const field = issue.definedIn ? `${path} (set in ${issue.definedIn})` : path;
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

/** Every configuration problem of a run, from every environment file at once. */
export class ConfigErrors extends Error {
  constructor(public readonly errors: ReadonlyArray<Error>) {
    const count = errors.reduce((sum, e) => sum + (e instanceof ConfigError ? e.issues.length : 1), 0);
    super(
      `${errors.map((e) => e.message).join("\n\n")}\n\n${count} configuration problem${count === 1 ? "" : "s"}; nothing was synthesized.`,
    );
    this.name = "ConfigErrors";
  }
}
