import {
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MAX_TAGS_PER_RESOURCE,
  TAG_SPECIAL_CHARACTERS,
  tagIssues,
  tagKeyIssue,
  tagValueIssue,
} from "../../../config/catalogue/tags";

const many = (count: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`key-${index}`, "v"]));

describe("AWS tag catalogue", () => {
  it("holds the documented limits", () => {
    expect([MAX_TAGS_PER_RESOURCE, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH]).toEqual([50, 128, 256]);
    expect(TAG_SPECIAL_CHARACTERS.length).toBe(8);
    for (const character of TAG_SPECIAL_CHARACTERS) expect(tagKeyIssue(`a${character}b`)).toBeUndefined();
  });

  it("accepts documented tags", () => {
    expect(
      tagIssues({
        Environment: "Production",
        "cost center": "",
        "team/data:platform": "owner@example.com",
        "Projet élan": "Données 2026 +=_.-",
        [`k${"x".repeat(MAX_TAG_KEY_LENGTH - 1)}`]: "é".repeat(MAX_TAG_VALUE_LENGTH),
        ...many(MAX_TAGS_PER_RESOURCE - 5),
      }),
    ).toEqual([]);
  });

  describe("refuses", () => {
    it("more tags than a resource carries", () => {
      expect(tagIssues(many(51))).toEqual([
        { path: "tags", message: "expected at most 50 tags per resource", received: 51 },
      ]);
      expect(tagIssues(many(46), "tags", 45)[0].message).toBe("expected at most 45 tags per resource");
    });

    it("an empty or too long key", () => {
      expect(tagIssues({ "": "v" })).toEqual([
        { path: 'tags[""]', message: "expected a tag key of 1 to 128 characters", received: "" },
      ]);
      expect(tagKeyIssue("k".repeat(129))).toBe("expected a tag key of 1 to 128 characters");
    });

    it("a too long value, counting Unicode characters", () => {
      expect(tagValueIssue("é".repeat(257))).toBe("expected a tag value of at most 256 characters");
    });

    it('keys and values starting with "aws:" in any case', () => {
      expect(tagIssues({ "AWS:createdBy": "x", owner: "aws:me" }, "extra.tags")).toEqual([
        {
          path: 'extra.tags["AWS:createdBy"]',
          message: 'expected a tag key not starting with "aws:" (reserved by AWS)',
          received: "AWS:createdBy",
        },
        {
          path: 'extra.tags["owner"]',
          message: 'expected a tag value not starting with "aws:" (reserved by AWS)',
          received: "aws:me",
        },
      ]);
    });

    it("characters outside letters, digits, spaces and _ . : / = + - @", () => {
      expect(tagIssues({ "my key!": "ok", ok: "a,b", tab: "a\tb" })).toEqual([
        {
          path: 'tags["my key!"]',
          message: "expected a tag key of letters, digits, spaces and _ . : / = + - @",
          received: "my key!",
        },
        {
          path: 'tags["ok"]',
          message: "expected a tag value of letters, digits, spaces and _ . : / = + - @",
          received: "a,b",
        },
        {
          path: 'tags["tab"]',
          message: expect.stringMatching(/^expected a tag value of letters/),
          received: "a\tb",
        },
      ]);
    });
  });
});
