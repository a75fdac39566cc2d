import { cronProblem, isValidCron } from "../../config/cron";

// Cases from robfig/cron v3 (the spark-operator's parser, `cron.ParseStandard`): parser_test.go and its README.
describe("cron schedules as the spark-operator parses them", () => {
  it.each([
    "* * * * *",
    "0 6 * * *",
    "*/15 * * * *",
    "0 0 1,15 * *",
    "5 4 * * SUN",
    "0 22 * * 1-5",
    "0 0 ? * MON-FRI",
    "30 2 * JAN,JUL *",
    "0 0-23/2 * * *",
    "CRON_TZ=Europe/Paris 0 6 * * *",
    "TZ=UTC 0 6 * * *",
    "@daily",
    "@hourly",
    "@every 1h30m",
  ])("accepts %j", (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
    expect(isValidCron(expression)).toBe(true);
  });

  it.each([
    ["0 6 * *", /expected 5 fields .* received 4/],
    ["0 0 6 * * *", /expected 5 fields .* received 6/],
    ["60 * * * *", /minute "60": "60" is not a value from 0 to 59/],
    ["* 24 * * *", /hour "24"/],
    ["* * 0 * *", /day of month "0"/],
    ["* * * 13 *", /month "13"/],
    ["* * * * 7", /day of week "7"/],
    ["*/0 * * * *", /step 0/],
    ["5-1 * * * *", /runs backwards/],
    ["? * * * *", /minute "\?"/],
    ["@fortnightly", /unknown descriptor/],
    ["@every soon", /unknown descriptor/],
    ["* * * FOO *", /month "FOO"/],
  ])("refuses %j", (expression, message) => {
    expect(cronProblem(expression)).toMatch(message);
    expect(isValidCron(expression)).toBe(false);
  });
});
