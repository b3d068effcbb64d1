/**
 * The identifier that namespaces client bundles and cache-busted assets.
 *
 * It prefers the deployment's own id so that every instance of one
 * deployment agrees on bundle URLs; a random value is the fallback, which
 * is still correct because a process serves only bundles it built or loaded.
 *
 * @module
 */
export const BUILD_ID: string = Deno.env.get("DENO_DEPLOYMENT_ID") ||
  Deno.env.get("GITHUB_SHA") || randomId();

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// `asset()` in runtime.ts runs in islands too, so it reads the id from a
// global rather than importing this server-only module.
(globalThis as { __FRSH_BUILD_ID?: string }).__FRSH_BUILD_ID = BUILD_ID;
