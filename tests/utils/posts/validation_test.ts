import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  BODY_MAX_LENGTH,
  characterCount,
  normalizeBody,
  normalizeTitle,
  TITLE_MAX_LENGTH,
  validatePost,
} from "../../../utils/posts/validation.ts";

const EMOJI = "\u{1F600}"; // two UTF-16 code units, one character

Deno.test("validatePost: title and body boundaries", () => {
  const table: {
    name: string;
    title: unknown;
    body?: unknown;
    errors: string[];
  }[] = [
    { name: "empty title", title: "", errors: ["title"] },
    { name: "whitespace-only title", title: " \t\n\u00a0 ", errors: ["title"] },
    { name: "missing title", title: undefined, errors: ["title"] },
    { name: "non-string title", title: 42, errors: ["title"] },
    { name: "1-character title", title: "a", errors: [] },
    { name: "120-character title", title: "a".repeat(120), errors: [] },
    { name: "121-character title", title: "a".repeat(121), errors: ["title"] },
    {
      name: "120 characters after trimming",
      title: `   ${"a".repeat(120)}   `,
      errors: [],
    },
    { name: "120 emoji count as 120", title: EMOJI.repeat(120), errors: [] },
    {
      name: "121 emoji count as 121",
      title: EMOJI.repeat(121),
      errors: ["title"],
    },
    { name: "missing body", title: "t", body: undefined, errors: [] },
    {
      name: "10,000-character body",
      title: "t",
      body: "b".repeat(10_000),
      errors: [],
    },
    {
      name: "10,001-character body",
      title: "t",
      body: "b".repeat(10_001),
      errors: ["body"],
    },
    {
      name: "CRLF line breaks count once",
      title: "t",
      body: "b\r\n".repeat(5_000),
      errors: [],
    },
    {
      name: "both invalid",
      title: "",
      body: "b".repeat(10_001),
      errors: ["body", "title"],
    },
  ];
  for (const row of table) {
    const result = validatePost({ title: row.title, body: row.body });
    const fields = result.ok ? [] : Object.keys(result.errors).sort();
    deepStrictEqual(fields, row.errors, row.name);
    strictEqual(result.ok, row.errors.length === 0, row.name);
  }
});

Deno.test("validatePost keeps the normalized values on failure", () => {
  const result = validatePost({ title: "  ", body: "  keep me\r\n" });
  strictEqual(result.ok, false);
  deepStrictEqual(result.value, { title: "", body: "  keep me" });
  if (!result.ok) strictEqual(result.errors.title, "Please enter a title.");
});

Deno.test("validatePost error messages name the limits", () => {
  const result = validatePost({
    title: "a".repeat(TITLE_MAX_LENGTH + 1),
    body: "b".repeat(BODY_MAX_LENGTH + 1),
  });
  ok(!result.ok, "expected errors");
  strictEqual(
    result.errors.title,
    "The title can be at most 120 characters; it has 121.",
  );
  strictEqual(
    result.errors.body,
    "The text can be at most 10,000 characters; it has 10,001.",
  );
});

Deno.test("normalizeTitle makes one trimmed line without controls", () => {
  strictEqual(normalizeTitle("  Hello\n\tworld  "), "Hello world");
  strictEqual(normalizeTitle("a\u0000b\u007fc\u009bd"), "abcd");
  strictEqual(
    normalizeTitle("<script>alert(1)</script>"),
    "<script>alert(1)</script>",
    "markup is text, escaped when rendered, not stripped",
  );
});

Deno.test("normalizeBody keeps indentation and inner blank lines", () => {
  strictEqual(
    normalizeBody("\r\n\n  code\r\n\r\nmore\r  \n "),
    "  code\n\nmore",
  );
  strictEqual(normalizeBody("tab\there\u0007"), "tab\there");
  strictEqual(normalizeBody(""), "");
});

Deno.test("characterCount counts code points", () => {
  strictEqual(characterCount(""), 0);
  strictEqual(characterCount("abc"), 3);
  strictEqual(characterCount(EMOJI + "é"), 2);
});
