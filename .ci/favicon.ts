/**
 * Makes static/favicon.ico from static/favicon.svg: `deno run -A
 * .ci/favicon.ts`. Chromium draws the SVG at 16, 32 and 48 px; the ICO
 * holds those PNGs as they are, which every current browser reads.
 * https://learn.microsoft.com/previous-versions/ms997538(v=msdn.10)
 */
import { launchBrowser } from "../tests/helpers/browser.ts";

const STATIC = new URL("../static/", import.meta.url);
const SIZES = [16, 32, 48];

const svg = await Deno.readTextFile(new URL("favicon.svg", STATIC));
const browser = await launchBrowser();
const images: Uint8Array[] = [];
try {
  for (const size of SIZES) {
    const page = await browser.newPage({
      viewport: { width: size, height: size },
    });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style>` +
        `<img src="data:image/svg+xml,${encodeURIComponent(svg)}" ` +
        `width="${size}" height="${size}">`,
    );
    await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
    images.push(await page.screenshot({ omitBackground: true }));
    await page.close();
  }
} finally {
  await browser.close();
}

// ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the images.
const header = new DataView(new ArrayBuffer(6 + 16 * images.length));
header.setUint16(2, 1, true);
header.setUint16(4, images.length, true);
let offset = header.byteLength;
images.forEach((png, i) => {
  const entry = 6 + 16 * i;
  header.setUint8(entry, SIZES[i]);
  header.setUint8(entry + 1, SIZES[i]);
  header.setUint16(entry + 4, 1, true); // colour planes
  header.setUint16(entry + 6, 32, true); // bits per pixel
  header.setUint32(entry + 8, png.length, true);
  header.setUint32(entry + 12, offset, true);
  offset += png.length;
});
const ico = new Uint8Array(offset);
ico.set(new Uint8Array(header.buffer));
let at = header.byteLength;
for (const png of images) {
  ico.set(png, at);
  at += png.length;
}
await Deno.writeFile(new URL("favicon.ico", STATIC), ico);
console.log(`static/favicon.ico: ${ico.length} bytes`);
