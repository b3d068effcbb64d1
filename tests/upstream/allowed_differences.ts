/**
 * The differences between our runtime and upstream Fresh 1.7.3 that the
 * flow diff accepts (tests/upstream/flow_diff.ts). Each says whose
 * behaviour it is; anything not listed here fails `deno task test:upstream`.
 * The README's table of differences lists the same ones.
 *
 * @module
 */
import type { AllowedDifference } from "./flow_diff.ts";

export const ALLOWED_DIFFERENCES: AllowedDifference[] = [
  // Ours: a 405 names the methods the route has (RFC 9110 §15.5.6
  // requires `Allow`); upstream sends none.
  {
    step: "put on a page",
    field: "allow",
    why: "ours: RFC 9110 requires Allow on a 405",
  },
  // Ours: the 405 says so in its body; upstream's is empty.
  { step: "put on a page", field: "text", why: "ours: a 405 with a body" },
  // Ours: a static file fetched without the `?__frsh_c=` build query is
  // revalidated on each use; upstream sends no Cache-Control, leaving the
  // browser to guess (heuristic freshness, RFC 9111 §4.2.2).
  {
    step: "static file",
    field: "cacheControl",
    why: "ours: explicit revalidation of unversioned static URLs",
  },
  {
    step: "favicon",
    field: "cacheControl",
    why: "ours: explicit revalidation of unversioned static URLs",
  },
];
