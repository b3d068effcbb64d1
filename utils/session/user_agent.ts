/**
 * A coarse, human-readable summary of a `User-Agent` header, such as
 * "Chrome on Linux", for the "your active sessions" list.
 *
 * The output is built only from fixed words, never from the header itself,
 * so it is short, safe to render, and does not fingerprint the visitor.
 *
 * @module
 */

// Order matters: Edge and Opera also say "Chrome", Chrome also says
// "Safari", and Android also says "Linux".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrome\/|\bCriOS\/|\bChromium\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bcurl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/**
 * Summarizes a `User-Agent` header as "Browser on System".
 *
 * @param header The raw header, or null when absent.
 * @example
 * ```ts
 * summarizeUserAgent("Mozilla/5.0 (X11; Linux x86_64) … Chrome/120.0 Safari/537.36");
 * // "Chrome on Linux"
 * ```
 */
export function summarizeUserAgent(header: string | null | undefined): string {
  if (!header) return "Unknown browser";
  // Bound the work a hostile header can cause.
  const ua = header.slice(0, 512);
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ??
    "Unknown browser";
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  return system ? `${browser} on ${system}` : browser;
}
