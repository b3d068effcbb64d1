/**
 * `/favicon.ico`, which browsers and crawlers ask for whatever the page
 * links: a real icon made from static/favicon.svg, not a 404.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";
import manifest from "../../fresh.gen.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { startServer } from "../helpers/server.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

Deno.test("/favicon.ico is an ICO file holding 16, 32 and 48 px PNG images", async () => {
  const client = await Client.forApp();
  const res = await client.fetch("/favicon.ico");
  strictEqual(res.status, 200);
  // Either name of the ICO type: ours sends the common one, upstream Fresh
  // the IANA-registered one; browsers take both.
  ok(
    ["image/x-icon", "image/vnd.microsoft.icon"].includes(
      res.headers.get("content-type") ?? "",
    ),
    res.headers.get("content-type") ?? "",
  );
  const bytes = new Uint8Array(await res.arrayBuffer());
  const view = new DataView(bytes.buffer);
  // ICONDIR: reserved 0, type 1 (icon), then the image count.
  deepStrictEqual([view.getUint16(0, true), view.getUint16(2, true)], [0, 1]);
  const count = view.getUint16(4, true);
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const entry = 6 + 16 * i;
    sizes.push(bytes[entry] || 256);
    const length = view.getUint32(entry + 8, true);
    const offset = view.getUint32(entry + 12, true);
    strictEqual(offset + length <= bytes.length, true, "inside the file");
    deepStrictEqual([...bytes.subarray(offset, offset + 8)], PNG_SIGNATURE);
  }
  deepStrictEqual(sizes, [16, 32, 48]);
});

Deno.test("Chromium decodes /favicon.ico", async () => {
  const server = await startServer(manifest, {
    build: { outDir: "/nonexistent/_fresh" },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(server.origin + "/about");
    const size = await page.evaluate(() =>
      new Promise<number>((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth);
        img.onerror = () => reject(new Error("not an image"));
        img.src = "/favicon.ico";
      })
    );
    strictEqual(size > 0, true);
  } finally {
    await browser.close();
    await server.close();
  }
});
