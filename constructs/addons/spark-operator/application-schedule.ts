/**
 * `ScheduledSparkApplication` manifests (sparkoperator.k8s.io/v1beta2), and the schedule check the
 * config layer uses. The operator (v2.5.2, internal/controller/scheduledsparkapplication) parses
 * `schedule` with robfig/cron v3.0.1 `cron.ParseStandard`, prefixed `CRON_TZ=<timeZone> `.
 */
import type { IConstruct } from "constructs";
import {
  refuse,
  sparkApplicationIssues,
  sparkApplicationSpec,
  sparkMetadata,
  SPARK_OPERATOR_API_VERSION,
  MAX_APPLICATION_NAME_LENGTH,
  type SparkApplicationInput,
} from "./application";

/** What the operator does when a run is due while the previous one still runs. */
export type ConcurrencyPolicy = "Forbid" | "Allow" | "Replace";

/** A Spark job the operator starts on a schedule (each run is a SparkApplication `<name>-<timestamp>`). */
export interface ScheduledSparkApplicationInput extends SparkApplicationInput {
  /** Cron schedule: five fields, `@hourly`-style descriptors or `@every <duration>`, see {@link cronIssue}. */
  readonly schedule: string;
  /** IANA time zone the schedule is read in. @default "UTC" */
  readonly timeZone?: string;
  /** Runs due while one still runs: skipped, run alongside, or replacing it. @default "Forbid" */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /** Finished successful runs kept. @default 1 */
  readonly successfulRunHistoryLimit?: number;
  /** Failed runs kept. @default 3 */
  readonly failedRunHistoryLimit?: number;
  /** No further runs while true. @default false */
  readonly suspend?: boolean;
}

/**
 * Longest ScheduledSparkApplication name: its runs are named `<name>-<UnixNano>` (19 digits, the
 * chart's default `scheduledSparkApplicationTimestampPrecision: nanos`), and a run's name must stay a
 * 63-character DNS-1035 label.
 */
export const MAX_SCHEDULED_NAME_LENGTH = MAX_APPLICATION_NAME_LENGTH - "-".length - 19;
/** Shortest `@every` interval accepted: one minute, the finest a five-field schedule can say. */
export const MIN_EVERY_SECONDS = 60;
const DEFAULT_TIME_ZONE = "UTC";
const DEFAULT_CONCURRENCY_POLICY: ConcurrencyPolicy = "Forbid";
const DEFAULT_SUCCESSFUL_RUN_HISTORY_LIMIT = 1;
const DEFAULT_FAILED_RUN_HISTORY_LIMIT = 3;
const CONCURRENCY_POLICIES: ReadonlyArray<string> = ["Forbid", "Allow", "Replace"];
const TIME_ZONE = /^(UTC|[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*)+)$/;

/** Descriptors of `parseDescriptor` (parser.go). */
const DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyArray<string>;
  readonly question?: boolean;
}
/** The five fields of `ParseStandard` and their bounds (spec.go): note day of week is 0-6, never 7. */
const FIELDS: ReadonlyArray<CronField> = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31, question: true },
  { name: "month", min: 1, max: 12, names: "jan feb mar apr may jun jul aug sep oct nov dec".split(" ") },
  { name: "day of week", min: 0, max: 6, names: "sun mon tue wed thu fri sat".split(" "), question: true },
];
/** Seconds per unit of Go's `time.ParseDuration`. */
const GO_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};
const GO_DURATION_PART = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/gy;

function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field.min + named;
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/** Why robfig's `getRange` refuses `expr` (`*`, `N`, `N-M`, each with an optional `/step`). */
function rangeIssue(expr: string, field: CronField): string | undefined {
  const [range, step, ...extra] = expr.split("/");
  if (extra.length > 0) return `too many slashes: ${expr}`;
  const bounds = range.split("-");
  let [start, end] = [field.min, field.max];
  if (range === "*" || range === "?") {
    if (range === "?" && !field.question) return `"?" is only for day of month or day of week: ${expr}`;
  } else {
    if (bounds.length > 2) return `too many hyphens: ${expr}`;
    const values = bounds.map((b) => valueOf(b, field));
    if (values.some((v) => v === undefined))
      return `"${expr}" is not a number${field.names ? " or a three-letter name" : ""} (nor a range of them)`;
    start = values[0]!;
    end = step !== undefined && bounds.length === 1 ? field.max : values[values.length - 1]!;
  }
  if (step !== undefined && !/^[0-9]+$/.test(step)) return `step "${step}" is not a number: ${expr}`;
  if (step !== undefined && Number(step) === 0) return `step of range should be a positive number: ${expr}`;
  if (start < field.min) return `beginning of range (${start}) below minimum (${field.min}): ${expr}`;
  if (end > field.max) return `end of range (${end}) above maximum (${field.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return undefined;
}

function everyIssue(duration: string): string | undefined {
  GO_DURATION_PART.lastIndex = 0;
  let seconds = 0;
  let consumed = 0;
  for (let m = GO_DURATION_PART.exec(duration); m; m = GO_DURATION_PART.exec(duration)) {
    seconds += Number(m[1]) * GO_UNITS[m[2]];
    consumed = GO_DURATION_PART.lastIndex;
  }
  if (duration === "" || consumed !== duration.length)
    return `"@every ${duration}": expected a Go duration such as 30m or 1h30m`;
  if (seconds < MIN_EVERY_SECONDS) return `"@every ${duration}": the shortest interval accepted is 1m`;
  return undefined;
}

/**
 * Why the operator's cron parser (robfig/cron v3.0.1 `ParseStandard`) would refuse `expr`, or
 * undefined when it accepts it: five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12
 * or JAN-DEC, day of week 0-6 or SUN-SAT) of lists of `*`, `N`, `N-M`, each with an optional
 * `/step`; or a descriptor (`@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`, `@yearly`,
 * `@annually`); or `@every <Go duration>`. Stricter than the library where it would silently accept
 * nonsense: no empty list items, no `+N`, `?` only in the day fields (as its docs say), `@every` at
 * least a minute (the library runs anything shorter every second), and no `TZ=` prefix (use `timeZone`).
 */
export function cronIssue(expr: string): string | undefined {
  const spec = expr.trim();
  if (spec === "") return "empty schedule";
  if (/^(CRON_)?TZ=/.test(spec)) return "a TZ= prefix is not accepted: set timeZone";
  if (spec.startsWith("@every ")) return everyIssue(spec.slice("@every ".length));
  if (spec.startsWith("@"))
    return DESCRIPTORS.includes(spec) ? undefined : `unrecognized descriptor: ${spec}`;
  const fields = spec.split(/\s+/);
  if (fields.length !== FIELDS.length) return `expected exactly 5 fields, found ${fields.length}: ${spec}`;
  for (const [i, text] of fields.entries()) {
    const items = text.split(",");
    if (items.includes("")) return `${FIELDS[i].name}: empty list item in "${text}"`;
    const issue = items.map((item) => rangeIssue(item, FIELDS[i])).find((x) => x !== undefined);
    if (issue) return `${FIELDS[i].name}: ${issue}`;
  }
  return undefined;
}

/** True when the operator's cron parser accepts `expr` (see {@link cronIssue}). */
export const isValidCron = (expr: string): boolean => cronIssue(expr) === undefined;

/** Every reason the operator would refuse or fail the scheduled application; empty when none. */
export function scheduledSparkApplicationIssues(input: ScheduledSparkApplicationInput): string[] {
  const issues = sparkApplicationIssues(input, MAX_SCHEDULED_NAME_LENGTH);
  const add = (cond: boolean, message: string) => cond && issues.push(message);
  const schedule = cronIssue(input.schedule);
  add(schedule !== undefined, `schedule: ${schedule}, received "${input.schedule}"`);
  const zone = input.timeZone ?? DEFAULT_TIME_ZONE;
  add(
    !TIME_ZONE.test(zone),
    `timeZone: expected UTC or an IANA zone such as Europe/Paris, received "${zone}"`,
  );
  const policy = input.concurrencyPolicy ?? DEFAULT_CONCURRENCY_POLICY;
  add(
    !CONCURRENCY_POLICIES.includes(policy),
    `concurrencyPolicy: expected Forbid, Allow or Replace, received "${policy}"`,
  );
  const limits = {
    successfulRunHistoryLimit: input.successfulRunHistoryLimit,
    failedRunHistoryLimit: input.failedRunHistoryLimit,
  };
  Object.entries(limits).forEach(([key, n]) =>
    add(
      n !== undefined && !(Number.isInteger(n) && n >= 0),
      `${key}: expected a whole number, received ${n}`,
    ),
  );
  return issues;
}

/**
 * The `ScheduledSparkApplication` custom resource of `input`: labels on the resource (the operator
 * copies them to every run), the application as `template`. Throws every issue at once, a
 * ValidationError carrying the construct path when `scope` is given.
 */
export function scheduledSparkApplicationManifest(
  input: ScheduledSparkApplicationInput,
  scope?: IConstruct,
): Record<string, unknown> {
  refuse(`ScheduledSparkApplication "${input.name}"`, scheduledSparkApplicationIssues(input), scope);
  return {
    apiVersion: SPARK_OPERATOR_API_VERSION,
    kind: "ScheduledSparkApplication",
    metadata: sparkMetadata(input),
    spec: {
      schedule: input.schedule.trim(),
      timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
      // Always written: with none, the operator never starts a run once one exists (controller.go).
      concurrencyPolicy: input.concurrencyPolicy ?? DEFAULT_CONCURRENCY_POLICY,
      successfulRunHistoryLimit: input.successfulRunHistoryLimit ?? DEFAULT_SUCCESSFUL_RUN_HISTORY_LIMIT,
      failedRunHistoryLimit: input.failedRunHistoryLimit ?? DEFAULT_FAILED_RUN_HISTORY_LIMIT,
      suspend: input.suspend ?? false,
      template: sparkApplicationSpec(input),
    },
  };
}
