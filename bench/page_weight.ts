/**
 * The JavaScript a page makes the browser load: for three pages of a
 * running server, the module scripts and preloads it names, followed
 * through their static imports, counted raw and gzipped.
 *
 * @module
 */
import { fetchCookie, gzipSize } from "./lib.ts";
import { postAdd } from "./flows.ts";
import type { PageWeight } from "./report_input.ts";

/**
 * The script weight of `/cart` with and without the flash banner island,
 * and of the catalogue for reference.
 *
 * @param url The server's origin, such as `http://127.0.0.1:8000`.
 */
export async function javascriptWeight(url: string): Promise<PageWeight[]> {
  const pages: { label: string; html: string; url: string }[] = [];
  // A page whose only island is FlashMessages: /cart with a pending message.
  const res = await postAdd(url, null, "product_id=notebook&quantity=1");
  pages.push({
    label: "GET /cart with a flash message (FlashMessages island)",
    html:
      (await fetchCookie(`${url}/cart`, { headers: { cookie: res.cookie! } }))
        .text,
    url: `${url}/cart`,
  });
  pages.push({
    label: "GET /cart, nothing to show (no island)",
    html: (await fetchCookie(`${url}/cart`, {})).text,
    url: `${url}/cart`,
  });
  pages.push({
    label: "GET / catalogue (3 islands), for reference",
    html: (await fetchCookie(`${url}/`, {})).text,
    url: `${url}/`,
  });
  const out: PageWeight[] = [];
  for (const page of pages) {
    const roots = [
      ...page.html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
      ...page.html.matchAll(
        /<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g,
      ),
    ].map((m) => new URL(m[1], page.url).href);
    const seen = new Set<string>();
    const queue = [...roots];
    let raw = 0;
    let gzip = 0;
    while (queue.length > 0) {
      const src = queue.shift()!;
      if (seen.has(src)) continue;
      seen.add(src);
      const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
      raw += bytes.length;
      gzip += await gzipSize(bytes);
      const text = new TextDecoder().decode(bytes);
      // Static imports only: `import{a}from"./x.js"`, `import"./x.js"`.
      for (
        const m of text.matchAll(
          /\b(?:import|export)\s*(?:[\w*${}\s,]*?\bfrom\s*)?["']([^"']+)["']/g,
        )
      ) {
        queue.push(new URL(m[1], src).href);
      }
    }
    const islands = [...page.html.matchAll(/islands\/(\w+)\.js/g)].map((m) =>
      m[1]
    );
    out.push({
      label: page.label,
      files: seen.size,
      raw,
      gzip,
      islands: [...new Set(islands)].join(", ") || "none",
    });
  }
  return out;
}
