import {
  cronIssue,
  isValidCron,
  MAX_SCHEDULED_NAME_LENGTH,
  scheduledSparkApplicationManifest,
  type ScheduledSparkApplicationInput,
} from "../../../../constructs/addons/spark-operator/application-schedule";
import { assertValidAgainstCrd, crdValidator } from "../../../helpers/crd-validation";

const SCHEDULED = "sparkoperator.k8s.io_scheduledsparkapplications.yaml";
const JOB: ScheduledSparkApplicationInput = {
  name: "hourly-ingest",
  type: "Python",
  image: "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu",
  sparkVersion: "3.5.8",
  mainApplicationFile: "s3a://jobs/python/ingest.py",
  driver: { cores: 1, memory: "1g" },
  executor: { cores: 1, memory: "1g", instances: 2 },
  schedule: "@hourly",
};
const build = (over: Partial<ScheduledSparkApplicationInput>) => () =>
  scheduledSparkApplicationManifest({ ...JOB, ...over });

// Examples from robfig/cron v3.0.1 (the operator's parser): doc.go, parser.go and parser_test.go.
const ACCEPTED = [
  "30 * * * *", // doc.go usage
  "30 3-6,20-23 * * *", // doc.go usage
  "30 04 * * *", // doc.go usage (without its CRON_TZ= prefix)
  "@hourly", // doc.go usage
  "@daily", // doc.go usage
  "@every 1h30m", // doc.go usage
  "@every 1h30m10s", // doc.go intervals
  "5 * * * *", // parser_test TestStandardSpecSchedule
  "@every 5m", // parser_test TestParseSchedule
  "@midnight", // parser_test
  "@yearly", // parser_test
  "@annually", // parser_test
  "@weekly", // doc.go predefined schedules
  "@monthly", // doc.go predefined schedules
  "0 0 15 */3 *", // parser.go NewParser example
  "* * * * ?", // parser.go ParseStandard comment
  "3-59/15 * * * *", // doc.go slash
  "0 9-17 * * *", // doc.go hyphen
  "0 9 * * MON,WED,FRI", // doc.go comma
  "0 0 * * 0", // doc.go: @weekly's equivalent
  "1,5-7/2,3 * * * *", // parser_test TestField, in the minute field
  "30/5 * * * *", // doc.go: "N/..." means "N-MAX/..."
  "0 0 ? jan-mar sun", // names are case-insensitive, ? in day of month
];

const REFUSED: Array<[string, RegExp]> = [
  ["", /empty schedule/], // parser_test: "empty spec string"
  ["* * * *", /expected exactly 5 fields, found 4/], // parser_test
  ["0 5 * * * *", /expected exactly 5 fields, found 6/], // seconds are not a standard field
  ["5 j * * *", /hour: "j" is not a number/], // parser_test: "failed to parse int from"
  ["@unrecognized", /unrecognized descriptor/], // parser_test
  ["@Daily", /unrecognized descriptor/], // descriptors are matched exactly
  ["@every Xm", /expected a Go duration/], // parser_test: "failed to parse duration"
  ["5--5 * * * *", /too many hyphens/], // parser_test TestRange
  ["* * * jan-x *", /month: "jan-x" is not a number or a three-letter name/], // TestRange "jan-x"
  ["*/-12 * * * *", /step "-12" is not a number/], // TestRange: "negative number"
  ["*//2 * * * *", /too many slashes/], // TestRange
  ["*/0 * * * *", /step of range should be a positive number/], // TestRange
  ["60 * * * *", /minute: end of range \(60\) above maximum \(59\)/], // TestRange "above maximum"
  ["0 0 0 * *", /day of month: beginning of range \(0\) below minimum \(1\)/], // TestRange "below minimum"
  ["0 0 5-3 * *", /beginning of range \(5\) beyond end of range \(3\)/], // TestRange "beyond end of range"
  ["0 0 * * 7", /day of week: end of range \(7\) above maximum \(6\)/], // spec.go: dow is 0-6
  ["CRON_TZ=UTC 5 * * * *", /TZ= prefix is not accepted: set timeZone/], // stricter: timeZone does it
  ["@every 30s", /shortest interval accepted is 1m/], // stricter: the library would run it every 30 s
  ["1,,2 * * * *", /empty list item/], // stricter: the library drops empty items
  ["? * * * *", /"\?" is only for day of month or day of week/], // stricter: as doc.go's table says
  ["*-5 * * * *", /"\*-5" is not a number/], // stricter: the library reads it as *
];

describe("cron schedules (robfig/cron v3.0.1 ParseStandard)", () => {
  it.each(ACCEPTED)("accepts %j", (expr) => {
    expect(cronIssue(expr)).toBeUndefined();
    expect(isValidCron(expr)).toBe(true);
  });

  it.each(REFUSED)("refuses %j", (expr, message) => {
    expect(cronIssue(expr)).toMatch(message);
    expect(isValidCron(expr)).toBe(false);
  });
});

describe("ScheduledSparkApplication", () => {
  it("validates against the CRD, the run's spec as template and labels on the resource", () => {
    const m = build({ labels: { team: "ingest" }, suspend: true })();
    expect(() => assertValidAgainstCrd(m, "spark-operator", SCHEDULED, "v1beta2")).not.toThrow();
    expect(m.metadata).toEqual({ name: "hourly-ingest", namespace: "spark", labels: { team: "ingest" } });
    expect((m.spec as Record<string, unknown>).suspend).toBe(true);
  });

  it("is checked by a validator that can fail (twin)", () => {
    const m = build({})();
    const spec = { ...(m.spec as Record<string, unknown>) };
    delete spec.schedule;
    expect(crdValidator("spark-operator", SCHEDULED, "v1beta2")({ ...m, spec })).toEqual([
      "/spec: must have required property 'schedule'",
    ]);
  });

  it(`accepts a name of ${MAX_SCHEDULED_NAME_LENGTH} characters (runs are <name>-<19-digit UnixNano>)`, () => {
    expect(MAX_SCHEDULED_NAME_LENGTH).toBe(43);
    expect(build({ name: `a${"b".repeat(42)}` })).not.toThrow();
  });

  const cases: Array<[string, Partial<ScheduledSparkApplicationInput>, RegExp]> = [
    ["a name of 44 characters", { name: `a${"b".repeat(43)}` }, /name: .*at most 43 characters/],
    [
      "a schedule the parser refuses",
      { schedule: "0 0 * * 7" },
      /schedule: day of week: end of range \(7\) above maximum \(6\): 7, received "0 0 \* \* 7"/,
    ],
    ["a time zone that is not IANA", { timeZone: "Local" }, /timeZone: expected UTC or an IANA zone/],
    [
      "an unknown concurrency policy",
      { concurrencyPolicy: "Skip" as "Forbid" },
      /concurrencyPolicy: expected Forbid, Allow or Replace/,
    ],
    [
      "a negative successful history",
      { successfulRunHistoryLimit: -1 },
      /successfulRunHistoryLimit: expected a whole number/,
    ],
    [
      "a fractional failed history",
      { failedRunHistoryLimit: 1.5 },
      /failedRunHistoryLimit: expected a whole number/,
    ],
    [
      "an application rule (Python with a main class)",
      { mainClass: "Main" },
      /mainClass: a Python application has none/,
    ],
  ];

  it.each(cases)("refuses %s", (_, over, message) => {
    expect(build(over)).toThrow(message);
  });
});
