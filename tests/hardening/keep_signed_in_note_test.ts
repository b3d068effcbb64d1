/**
 * The note beside "Keep me signed in" on the sign-in and sign-up forms says
 * what the operator configured (`SESSION_BROWSER_IDLE_TIMEOUT`,
 * `SESSION_PERSISTENT`), not the defaults. The app runs as `deno task
 * serve` runs it, with that environment.
 */
import { ok, strictEqual } from "node:assert";
import { removeKv, startApp } from "./_app_process.ts";

/** The text of the label around the `remember` box, tags removed. */
function boxLabel(html: string): string {
  const label = /<label class="check">([\s\S]*?)<\/label>/.exec(html)?.[1];
  ok(label, "a Keep me signed in label");
  return label.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
}

const CASES: {
  env: Record<string, string>;
  note: string;
}[] = [
  {
    env: {},
    note:
      "Keep me signed in (otherwise until you close the browser, or 12 hours of inactivity)",
  },
  {
    env: { SESSION_BROWSER_IDLE_TIMEOUT: "1800" },
    note:
      "Keep me signed in (otherwise until you close the browser, or 30 minutes of inactivity)",
  },
  {
    env: { SESSION_PERSISTENT: "false", SESSION_BROWSER_IDLE_TIMEOUT: "7200" },
    note:
      "Keep me signed in (until you close the browser either way; otherwise also after 2 hours of inactivity)",
  },
];

for (const { env, note } of CASES) {
  Deno.test(
    `the Keep me signed in note says what is configured: ${
      JSON.stringify(env)
    }`,
    async () => {
      const app = await startApp({ env });
      try {
        for (const path of ["/login", "/signup"]) {
          const res = await fetch(app.origin + path);
          strictEqual(res.status, 200, path);
          strictEqual(boxLabel(await res.text()), note, path);
        }
      } finally {
        await app.kill();
        await removeKv(app.kvPath);
      }
    },
  );
}
