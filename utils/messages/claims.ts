/**
 * Which tab a message belongs to, without a cookie per tab or JavaScript:
 * the redirect that follows an action carries a claim in its URL
 * (`?_flash=…`), the messages the action queued record the same claim, and
 * a page shows a claimed message only when its own URL carries that claim.
 * So a page that another tab of the same session loads meanwhile leaves the
 * message for the tab whose action caused it. A message whose tab never
 * comes for it (closed, or it followed no redirect) is released to any page
 * after the claim window. Only navigations claim (`Sec-Fetch-Mode:
 * navigate`, which browsers send with a form post): a fetch, a script or a
 * browser without Fetch Metadata has no tab to come back to. Pure code.
 *
 * @see https://developer.mozilla.org/docs/Web/HTTP/Headers/Sec-Fetch-Mode
 *
 * @module
 */

/** The query parameter that carries a claim. */
export const CLAIM_PARAM = "_flash";

/** The default claim window, in seconds. */
export const DEFAULT_CLAIM_WINDOW = 10;

/** The longest claim window, in seconds: how long a message may wait. */
export const MAX_CLAIM_WINDOW = 30;

const CLAIM = /^[0-9a-z]{12}$/;

/** A new random claim: 12 base-36 characters (about 62 bits). */
export function newClaim(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => (b % 36).toString(36)).join("");
}

/**
 * The claim a request's URL carries, or `undefined` when it has none or a
 * malformed one.
 *
 * @param url The request URL.
 */
export function claimOf(url: string): string | undefined {
  // Most requests carry none: skip parsing the URL for them.
  if (!url.includes(CLAIM_PARAM + "=")) return undefined;
  const claim = new URL(url).searchParams.get(CLAIM_PARAM) ?? "";
  return CLAIM.test(claim) ? claim : undefined;
}

/** Whether `value` is a well-formed claim. */
export function isClaim(value: unknown): value is string {
  return typeof value === "string" && CLAIM.test(value);
}

/**
 * `location` with `claim` added to its query, or `null` when the redirect
 * leaves the site (its claim would be of no use there, and must not leak).
 * A relative reference comes back as a path (never with the request's
 * origin); the fragment and the other parameters are kept.
 *
 * @param location The redirect's `Location`.
 * @param requestUrl The URL of the request being answered.
 * @param claim From {@linkcode newClaim}.
 */
export function claimedLocation(
  location: string,
  requestUrl: string,
  claim: string,
): string | null {
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return null;
  }
  const origin = new URL(requestUrl).origin;
  if (target.origin !== origin) return null;
  target.searchParams.set(CLAIM_PARAM, claim);
  // A relative reference stays relative: behind a proxy, the request URL's
  // origin is not the one the browser sees.
  const isRelative = !URL.canParse(location);
  return isRelative
    ? target.pathname + target.search + target.hash
    : target.href;
}

/**
 * Whether a message is held for another tab: claimed, by a claim other than
 * the page's, and still within the claim window.
 *
 * @param message A stored message.
 * @param claim The page's claim, if its URL has one.
 * @param now Epoch ms now.
 * @param windowMs The claim window.
 */
export function isHeldForAnotherTab(
  message: { claim?: string; createdAt: number },
  claim: string | undefined,
  now: number,
  windowMs: number,
): boolean {
  return message.claim !== undefined && message.claim !== claim &&
    now - message.createdAt < windowMs;
}
