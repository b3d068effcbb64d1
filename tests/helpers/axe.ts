/**
 * Runs axe-core in a page and returns its violations. The source goes in
 * through the DevTools protocol (`page.evaluate`), which the pages'
 * Content-Security-Policy does not cover, so the app's CSP stays as strict
 * in tests as in production.
 *
 * @module
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

// axe-core's package exposes its own browser bundle as `source`.
const AXE_SOURCE = (axe as unknown as { source: string }).source;

/** One rule that failed, with the elements that failed it. */
export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** The axe-core violations of the page's current document. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate("typeof axe === 'object'");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const { violations } = await (globalThis as any).axe.run(document, {
      resultTypes: ["violations"],
    });
    // deno-lint-ignore no-explicit-any
    return violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // deno-lint-ignore no-explicit-any
      targets: v.nodes.map((n: any) => n.target.join(" ")),
    }));
  });
}
