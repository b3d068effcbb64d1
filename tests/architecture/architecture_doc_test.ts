/**
 * ARCHITECTURE.md stays true: every path it names exists, and every function
 * the life of a request names is defined in a file named in the same step.
 */
import { deepStrictEqual } from "node:assert";

const ROOT = new URL("../../", import.meta.url);
const DOC = await Deno.readTextFile(new URL("ARCHITECTURE.md", ROOT));

/** Written by `deno task build`, so absent from a fresh checkout. */
const BUILT = new Set(["_fresh/"]);

/** The text of each inline code span. */
function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

/** Whether a code span names a file or folder of the repository. */
function isPath(span: string): boolean {
  return /^[\w.][\w./[\]-]*$/.test(span) &&
    (span.includes("/") || /\.(tsx?|md|css|json|lua)$/.test(span));
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(new URL(path, ROOT));
    return true;
  } catch {
    return false;
  }
}

/** Whether `text` defines `name`: a function, class, method or constant. */
export function defines(text: string, name: string): boolean {
  const n = name.replace(/[$]/g, "\\$");
  return new RegExp(
    `(function\\s*\\*?\\s+${n}\\b|class\\s+${n}\\b|const\\s+${n}\\b|^\\s*(?:static\\s+|async\\s+|get\\s+)*#?${n}\\s*[<(])`,
    "m",
  ).test(text);
}

/**
 * The names in one step that are not defined where it says: each
 * `name()` or `Class.method()` must be defined in a file the step names
 * (for `Class.method()`, the class and the method in the same file).
 */
export function undefinedNames(
  step: string,
  files: Map<string, string>,
): string[] {
  const texts = codeSpans(step).filter((s) => isPath(s) && /\.tsx?$/.test(s))
    .map((path) => files.get(path) ?? "");
  return codeSpans(step).filter((span) => /^[\w$.]+\(\)$/.test(span))
    .filter((span) => {
      const parts = span.slice(0, -2).split(".");
      const name = parts.at(-1)!;
      const owner = parts.length > 1 && /^[A-Z]/.test(parts[0])
        ? parts[0]
        : null;
      return !texts.some((text) =>
        defines(text, name) && (owner === null || defines(text, owner))
      );
    });
}

function requestSteps(doc: string): string[] {
  const section = doc.split("## The life of one request")[1] ?? "";
  return section.split(/^\d+\. /m).slice(1);
}

Deno.test("every path ARCHITECTURE.md names exists", async () => {
  const missing: string[] = [];
  for (const span of new Set(codeSpans(DOC).filter(isPath))) {
    if (!BUILT.has(span) && !(await exists(span))) missing.push(span);
  }
  deepStrictEqual(missing, []);
});

Deno.test("every function in ARCHITECTURE.md's life of a request is defined in a file its step names", async () => {
  const steps = requestSteps(DOC);
  deepStrictEqual(steps.length >= 6, true, "the numbered steps are there");
  const files = new Map<string, string>();
  for (const span of codeSpans(DOC).filter((s) => /\.tsx?$/.test(s))) {
    if (isPath(span) && await exists(span)) {
      files.set(span, await Deno.readTextFile(new URL(span, ROOT)));
    }
  }
  deepStrictEqual(
    steps.flatMap((step, i) =>
      undefinedNames(step, files).map((name) => `step ${i + 1}: ${name}`)
    ),
    [],
  );
});

Deno.test("the name check catches a wrong name, a wrong file and a wrong class", () => {
  const files = new Map([
    ["a.ts", "export class Store {\n  async load(key: string) {}\n}\n"],
    ["b.ts", "export function planSave() {}\nconst helper = () => 1;\n"],
  ]);
  deepStrictEqual(
    undefinedNames(
      "`Store.load()` (`a.ts`), `planSave()` and `helper()` (`b.ts`), " +
        "`loadSession()` (`a.ts`), `Other.load()` (`a.ts`)",
      files,
    ),
    ["loadSession()", "Other.load()"],
  );
  deepStrictEqual(undefinedNames("`planSave()` (`a.ts`)", files), [
    "planSave()",
  ]);
});
