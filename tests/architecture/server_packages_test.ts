/**
 * Which npm packages the server's module graph may hold.
 *
 * Importing `@preact/signals` (the Preact integration, not
 * `@preact/signals-core`) wraps Preact's global option hooks: from then on
 * every component the server renders gets an effect created, started and
 * disposed, and every element's props are scanned for signals. A server
 * render is never re-rendered, so that work is wasted on every page.
 * Islands subscribe explicitly instead (utils/use_signal_value.ts); the
 * browser bundle may still load the integration.
 *
 * @module
 */
import { deepStrictEqual } from "node:assert";

interface InfoModule {
  specifier: string;
  kind: string;
  npmPackage?: string;
  dependencies?: {
    code?: { specifier: string };
    type?: { specifier: string };
  }[];
}

const ROOT = new URL("../../", import.meta.url);

async function serverGraph(): Promise<InfoModule[]> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(new TextDecoder().decode(output.stderr));
  }
  return JSON.parse(new TextDecoder().decode(output.stdout)).modules;
}

Deno.test("the server never loads @preact/signals, whose import hooks every component a page renders", async () => {
  const modules = await serverGraph();
  const integration = new Set(
    modules
      .filter((m) =>
        m.kind === "npm" && m.npmPackage?.startsWith("@preact/signals@")
      )
      .map((m) => m.specifier),
  );
  const importers = modules.filter((m) =>
    m.dependencies?.some((d) =>
      [d.code?.specifier, d.type?.specifier].some((s) =>
        s !== undefined && (integration.has(s) ||
          /^npm:\/?@preact\/signals@/.test(s))
      )
    )
  ).map((m) => m.specifier.slice(ROOT.href.length));
  deepStrictEqual({ integration: [...integration], importers }, {
    integration: [],
    importers: [],
  });
});
