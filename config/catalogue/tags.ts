/**
 * AWS tag rules, so that a tag AWS would refuse is refused at synth, on every resource at once.
 *
 * Sources (checked 2026-12):
 * - https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html, worded the same in
 *   https://docs.aws.amazon.com/sdkfornet/v3/apidocs/items/ECS/TTag.html and
 *   https://docs.aws.amazon.com/personalize/latest/dg/personalize-managing-tags.html: at most 50 tags per resource; key 1–128 and value 0–256 Unicode characters in UTF-8; letters,
 *   numbers and spaces representable in UTF-8, and `+ - = . _ : / @`; keys and values are
 *   case-sensitive; `aws:` in any case is reserved as a prefix of keys and of values.
 */
import type { ConfigIssue } from "../errors";

/** Most tags one resource carries (user tags; `aws:` tags do not count). */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Longest tag key, in Unicode characters. */
export const MAX_TAG_KEY_LENGTH = 128;
/** Longest tag value, in Unicode characters. */
export const MAX_TAG_VALUE_LENGTH = 256;
/** Characters besides letters, digits and spaces that every tagging service accepts. */
export const TAG_SPECIAL_CHARACTERS = "_.:/=+-@";

const ALLOWED = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;
const RESERVED_PREFIX = /^aws:/i;
const CHARACTERS = `letters, digits, spaces and ${TAG_SPECIAL_CHARACTERS.split("").join(" ")}`;

/** Length in Unicode characters (code points), as AWS counts it. */
const length = (text: string): number => [...text].length;

/** Why `key` is not a tag key AWS accepts; undefined when it is. */
export function tagKeyIssue(key: string): string | undefined {
  if (length(key) < 1 || length(key) > MAX_TAG_KEY_LENGTH) {
    return `expected a tag key of 1 to ${MAX_TAG_KEY_LENGTH} characters`;
  }
  if (RESERVED_PREFIX.test(key)) return 'expected a tag key not starting with "aws:" (reserved by AWS)';
  if (!ALLOWED.test(key)) return `expected a tag key of ${CHARACTERS}`;
  return undefined;
}

/** Why `value` is not a tag value AWS accepts; undefined when it is. */
export function tagValueIssue(value: string): string | undefined {
  if (length(value) > MAX_TAG_VALUE_LENGTH) {
    return `expected a tag value of at most ${MAX_TAG_VALUE_LENGTH} characters`;
  }
  if (RESERVED_PREFIX.test(value)) return 'expected a tag value not starting with "aws:" (reserved by AWS)';
  if (!ALLOWED.test(value)) return `expected a tag value of ${CHARACTERS}`;
  return undefined;
}

/**
 * Every reason AWS would refuse `tags`; issues name `<path>["<key>"]`, and `<path>` for the count.
 * `limit` is the number of tags left to them (lower it by the tags the stacks add themselves).
 */
export function tagIssues(
  tags: Readonly<Record<string, string>>,
  path = "tags",
  limit = MAX_TAGS_PER_RESOURCE,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const keys = Object.keys(tags);
  if (keys.length > limit) {
    issues.push({ path, message: `expected at most ${limit} tags per resource`, received: keys.length });
  }
  for (const key of keys) {
    const at = `${path}[${JSON.stringify(key)}]`;
    const keyIssue = tagKeyIssue(key);
    if (keyIssue) issues.push({ path: at, message: keyIssue, received: key });
    const valueIssue = tagValueIssue(tags[key]);
    if (valueIssue) issues.push({ path: at, message: valueIssue, received: tags[key] });
  }
  return issues;
}
