/**
 * The HTTP flow diff: runs {@linkcode FLOWS} against a server, reduces each
 * response to what a visitor and a browser act on (status, `Location`,
 * `Allow`, the attributes of each `Set-Cookie`, `Cache-Control`, the shape
 * of the Content-Security-Policy, and the visible text), and compares two
 * such runs.
 *
 * @module
 */
import { CookieJar } from "../helpers/cookie_jar.ts";
import type { FlowStep } from "./flows.ts";

/** What one response looked like, normalised. */
export interface Observation {
  status: number;
  location: string;
  allow: string;
  setCookie: string;
  cacheControl: string;
  csp: string;
  text: string;
  /** Marked links and image URLs, as Fresh rewrites them while rendering. */
  links: string;
}

/** The fields compared, in report order. */
export const FIELDS = [
  "status",
  "location",
  "allow",
  "setCookie",
  "cacheControl",
  "csp",
  "text",
  "links",
] as const satisfies readonly (keyof Observation)[];

export type Field = typeof FIELDS[number];

/** One accepted difference: a step (or `*` for all) and a field. */
export interface AllowedDifference {
  step: string;
  field: Field;
  /** Whose behaviour it is, and why it stays. */
  why: string;
}

export interface Difference {
  step: string;
  field: Field;
  ours: string;
  upstream: string;
}

/** `name=<value>; attributes…`, sorted, values of session tokens hidden. */
export function normaliseSetCookie(headers: string[]): string {
  return headers.map((header) => {
    const [pair, ...attributes] = header.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1) === "" ? "" : "<value>";
    const attrs = attributes.filter(Boolean).map((attr) => {
      const [key, ...rest] = attr.split("=");
      const lower = key.trim().toLowerCase();
      // A date is when the response was made; that it is there is what counts.
      if (lower === "expires") return "expires";
      return rest.length ? `${lower}=${rest.join("=")}` : lower;
    }).sort();
    return [`${name}=${value}`, ...attrs].join("; ");
  }).sort().join(" | ");
}

/** The policy with each nonce replaced, so two responses can be compared. */
export function normaliseCsp(policy: string | null): string {
  return (policy ?? "").replace(/'nonce-[^']+'/g, "'nonce'");
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** `&amp;`, `&#x27;` and the like, decoded. */
function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code[0] !== "#") return ENTITIES[code.toLowerCase()] ?? whole;
    const n = code[1] === "x" || code[1] === "X"
      ? parseInt(code.slice(2), 16)
      : parseInt(code.slice(1), 10);
    return String.fromCodePoint(n);
  });
}

/** What a person reads on an HTML page (or the JSON/text body as is). */
export function visibleText(body: string, contentType: string): string {
  if (!contentType.includes("text/html")) {
    return contentType.includes("json") ? body : body.length ? "<body>" : "";
  }
  return body
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (ref) => decodeReferences(ref))
    .replace(/\s+/g, " ")
    .trim();
}

const MARKS = ["aria-current", "data-current", "data-ancestor"];

/**
 * Each `<a>` with the attributes Fresh marks current links with, and each
 * `<img>`/`<source>` URL, its build id hidden: `a / page true` …
 */
export function linkMarks(body: string): string {
  const out: string[] = [];
  for (const [tag, name] of body.matchAll(/<(a|img|source)\b[^>]*>/g)) {
    const attr = (key: string) =>
      new RegExp(`\\s${key}="([^"]*)"`).exec(tag)?.[1];
    if (name === "a") {
      const marks = MARKS.map((key) => attr(key)).filter(Boolean);
      if (marks.length) out.push(`${attr("href")} ${marks.join(" ")}`);
    } else {
      out.push(
        `${attr("src") ?? ""} ${attr("srcset") ?? ""}`.trim()
          .replace(/__frsh_c=[^"&\s,]+/g, "__frsh_c=BUILD"),
      );
    }
  }
  return out.join(" | ");
}

function fill(text: string, values: Map<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name) => values.get(name) ?? whole);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Replaces captured values and random ids (message ids are UUIDs), which
 * differ between two databases, by names.
 */
function hideCaptured(text: string, values: Map<string, string>): string {
  for (const [name, value] of values) {
    text = text.replaceAll(value, `{${name}}`);
  }
  return text.replace(UUID, "{uuid}");
}

/** Runs `flows` against `origin`, one cookie jar per visitor. */
export async function runFlows(
  origin: string,
  flows: FlowStep[],
): Promise<Map<string, Observation>> {
  const jars = new Map<string, CookieJar>();
  const values = new Map<string, string>();
  const seen = new Map<string, Observation>();
  for (const step of flows) {
    let jar = jars.get(step.visitor);
    if (!jar) jars.set(step.visitor, jar = new CookieJar());
    const headers = new Headers(step.headers);
    const cookie = jar.header();
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    let body: URLSearchParams | undefined;
    if (step.form) {
      body = new URLSearchParams(
        Object.entries(step.form).map(([k, v]) => [k, fill(v, values)]),
      );
      headers.set("content-type", "application/x-www-form-urlencoded");
      if (!headers.has("origin")) headers.set("origin", origin);
    }
    const res = await fetch(origin + fill(step.path, values), {
      method: step.method ?? (step.form ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
    });
    const text = await res.text();
    jar.update(res);
    const location = (res.headers.get("location") ?? "").replace(origin, "");
    for (const { name, from } of step.capture ?? []) {
      const match = from.exec(location + "\n" + text);
      if (!match) {
        throw new Error(`${step.name}: nothing to capture for ${name}`);
      }
      values.set(name, decodeReferences(match[1]));
    }
    seen.set(step.name, {
      status: res.status,
      location: hideCaptured(location, values),
      allow: res.headers.get("allow") ?? "",
      setCookie: normaliseSetCookie(res.headers.getSetCookie()),
      cacheControl: res.headers.get("cache-control") ?? "",
      csp: normaliseCsp(res.headers.get("content-security-policy")),
      text: hideCaptured(
        visibleText(text, res.headers.get("content-type") ?? ""),
        values,
      ),
      links: hideCaptured(linkMarks(text), values),
    });
  }
  return seen;
}

/**
 * The differences between two runs, split into the accepted ones and the
 * rest; `unused` lists allow-list entries that matched nothing.
 */
export function compare(
  ours: Map<string, Observation>,
  upstream: Map<string, Observation>,
  allowed: AllowedDifference[],
): {
  unexplained: Difference[];
  accepted: Difference[];
  unused: AllowedDifference[];
} {
  const unexplained: Difference[] = [];
  const accepted: Difference[] = [];
  const used = new Set<AllowedDifference>();
  for (const [step, a] of ours) {
    const b = upstream.get(step);
    if (!b) throw new Error(`No upstream result for ${step}`);
    for (const field of FIELDS) {
      if (String(a[field]) === String(b[field])) continue;
      const difference = {
        step,
        field,
        ours: String(a[field]),
        upstream: String(b[field]),
      };
      const entry = allowed.find((e) =>
        (e.step === step || e.step === "*") && e.field === field
      );
      if (entry) {
        used.add(entry);
        accepted.push(difference);
      } else unexplained.push(difference);
    }
  }
  return {
    unexplained,
    accepted,
    unused: allowed.filter((entry) => !used.has(entry)),
  };
}
