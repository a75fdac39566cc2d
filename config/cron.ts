/**
 * Cron schedules as the spark-operator (v2.5.2) parses `ScheduledSparkApplication.spec.schedule`:
 * robfig/cron v3's standard parser — five fields (minute, hour, day of month, month, day of week),
 * each `*`, `?` (day fields), a value, a range `a-b`, a step `x/n`, or a comma list of those; month
 * and weekday names (`JAN`, `MON`); descriptors (`@daily`, `@every 1h30m`); an optional `TZ=`/
 * `CRON_TZ=` prefix.
 */

/** Bounds and names of each field. */
const FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: ReadonlyArray<string> }> = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

const DESCRIPTORS = new Set([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
]);
/** Go's `time.ParseDuration` units, as `@every` takes them. */
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Why a cron expression is not accepted, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  let spec = expression.trim();
  const tz = /^(?:CRON_)?TZ=\S+\s+/.exec(spec);
  if (tz) spec = spec.slice(tz[0].length);
  if (spec.startsWith("@")) {
    if (DESCRIPTORS.has(spec)) return undefined;
    const every = /^@every\s+(\S+)$/.exec(spec);
    if (every && GO_DURATION.test(every[1])) return undefined;
    return `unknown descriptor "${spec}" (expected @yearly, @monthly, @weekly, @daily, @hourly or @every <duration> such as @every 1h30m)`;
  }
  const parts = spec.split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), received ${parts.length}`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i], i === 2 || i === 4);
    if (problem) return `${FIELDS[i].name} "${parts[i]}": ${problem}`;
  }
  return undefined;
}

/** True when the operator accepts the expression. */
export const isValidCron = (expression: string): boolean => cronProblem(expression) === undefined;

function fieldProblem(
  field: string,
  spec: (typeof FIELDS)[number],
  questionMarkAllowed: boolean,
): string | undefined {
  for (const item of field.split(",")) {
    const [range, step, extra] = item.split("/");
    if (extra !== undefined) return "more than one step";
    if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" is not a number`;
    if (step !== undefined && Number(step) === 0) return "step 0";
    if (range === "*" || (range === "?" && questionMarkAllowed)) continue;
    const [low, high, more] = range.split("-");
    if (more !== undefined) return `bad range "${range}"`;
    const lo = valueOf(low, spec);
    if (lo === undefined) return `"${low}" is not a value from ${spec.min} to ${spec.max}`;
    if (high !== undefined) {
      const hi = valueOf(high, spec);
      if (hi === undefined) return `"${high}" is not a value from ${spec.min} to ${spec.max}`;
      if (hi < lo) return `range "${range}" runs backwards`;
    }
  }
  return undefined;
}

function valueOf(text: string, spec: (typeof FIELDS)[number]): number | undefined {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= spec.min && value <= spec.max ? value : undefined;
}
