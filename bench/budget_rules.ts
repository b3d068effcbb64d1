/**
 * Which stage of a request each function of a CPU profile counts for: the
 * rules `budget_stages.ts` applies, one per function or file. When a
 * function moves or is renamed, its rule follows it here.
 *
 * @module
 */

/** One rule: a function name, and the file (a URL suffix) it lives in. */
export interface StageRule {
  stage: string;
  /** Function names; `*` for every function of the file. */
  names: string[];
  /**
   * The end of the frame's URL, e.g. `framework/src/render.ts`, or a
   * folder ending in `/` for every file under it.
   */
  file: string;
}

/** The stage of the body render, which `splitRender` divides. */
export const BODY_RENDER = "render: page body (components)";
const rule = (stage: string, file: string, ...names: string[]): StageRule => ({
  stage,
  file,
  names,
});

/**
 * Innermost match wins, so a rule for a callee (`getCookie`) carves its
 * time out of its caller's stage (`#load`).
 */
export const STAGE_RULES: StageRule[] = [
  rule(
    "request: Request object (stand-in for Deno.serve)",
    "bench/inprocess_flow.ts",
    "makeRequest",
  ),
  rule("request: URL parse + Host check", "framework/src/request_url.ts", "*"),
  rule("routing + context", "framework/src/app.ts", "*"),
  rule("routing + context", "framework/src/router.ts", "*"),
  rule(
    "routing + context",
    "framework/src/context.ts",
    "Context",
    "next",
    "withMutableHeaders",
    "get pattern",
  ),
  rule("routing + context", "framework/src/head.ts", "*"),
  rule("middleware: health", "utils/http/health.ts", "*"),
  rule("middleware: requestLog", "utils/http/request_log.ts", "*"),
  rule("middleware: requestLog", "utils/tracing.ts", "*"),
  rule("middleware: publicPageCache", "utils/http/public_page_cache.ts", "*"),
  rule(
    "middleware: securityHeaders",
    "utils/http/security_headers.ts",
    "securityHeaders",
    "apply",
    "applySecurityHeaders",
  ),
  rule("middleware: csrf", "utils/http/csrf.ts", "*"),
  rule("middleware: httpErrors", "utils/http/http_errors.ts", "*"),
  rule("middleware: session (own code)", "utils/session/middleware.ts", "*"),
  rule(
    "session load: token hash, record check, Session",
    "utils/session/manager.ts",
    "loadSession",
    "#load",
    "isRecordAlive",
    "isSecure",
    "isSecureRequest",
    "cookieName",
  ),
  rule(
    "session load: token hash, record check, Session",
    "utils/session/token.ts",
    "*",
  ),
  rule(
    "session load: token hash, record check, Session",
    "utils/session/session.ts",
    "*",
  ),
  rule(
    "session load: token hash, record check, Session",
    "utils/session/session_state.ts",
    "*",
  ),
  rule(
    "session load: token hash, record check, Session",
    "utils/session/user_agent.ts",
    "*",
  ),
  rule("session load: cookie read", "utils/cookie.ts", "*"),
  rule(
    "session load: KV read + decode (main thread)",
    "utils/session/kv_store.ts",
    "load",
    "#retry",
  ),
  rule(
    "session load: KV read + decode (main thread)",
    "utils/kv/group_read.ts",
    "*",
  ),
  rule(
    "session load: KV read + decode (main thread)",
    "utils/session/data.ts",
    "*",
  ),
  rule(
    "session load: KV read + decode (main thread)",
    "utils/kv/retry.ts",
    "*",
  ),
  rule(
    "session load: KV read + decode (main thread)",
    "ext:deno_kv/01_db.ts",
    "*",
  ),
  rule(
    "session commit",
    "utils/session/manager.ts",
    "commitSession",
    "#commit",
    "#touch",
    "#save",
    "#serialize",
    "markPrivate",
  ),
  rule(
    "session commit",
    "utils/session/kv_store.ts",
    "commit",
    "#assertGuards",
  ),
  rule("session commit", "utils/kv/group_commit.ts", "*"),
  rule("middleware: signedInUser", "utils/accounts/current_user.ts", "*"),
  rule("middleware: messages", "utils/messages/middleware.ts", "*"),
  rule("middleware: messages", "utils/messages/storage.ts", "*"),
  rule("middleware: messages", "utils/messages/rules.ts", "*"),
  rule("middleware: messages", "utils/messages/claims.ts", "*"),
  rule("middleware: messages", "utils/messages/queue.ts", "*"),
  rule(
    "middleware: signedOutNotice",
    "utils/accounts/signed_out_notice.ts",
    "*",
  ),
  rule("route handler (data for the page)", "routes/index.tsx", "GET"),
  rule("route handler (data for the page)", "routes/cart/index.tsx", "GET"),
  rule(
    "render: setup + Response",
    "framework/src/context.ts",
    "render",
    "renderTarget",
  ),
  rule(
    "render: setup + Response",
    "framework/src/render.ts",
    "renderPage",
    "wrap",
  ),
  rule("response headers: CSP", "framework/src/csp_header.ts", "*"),
  rule("response headers: CSP", "framework/src/csp.ts", "*"),
  rule("response headers: CSP", "utils/http/security_headers.ts", "useAppCsp"),
  rule(BODY_RENDER, "framework/src/render.ts", "Wrapped"),
  rule(BODY_RENDER, "framework/src/page_links.ts", "withPageLinks"),
  rule(BODY_RENDER, "framework/src/islands.ts", "collectIslands"),
  rule(
    "render: link marks + asset URLs",
    "framework/src/page_links.ts",
    "rewrite",
    "markLink",
    "assetSrcSet",
    "withoutTrailingSlash",
  ),
  rule("island markers + vnode hook", "framework/src/islands.ts", "*"),
  rule("island props serialization", "framework/src/serializer/", "*"),
  rule(
    "<head> assembly",
    "framework/src/render.ts",
    "assemble",
    "withoutFirstTitle",
    "slotId",
  ),
  rule("encoding: body to UTF-8 bytes", "bench/budget.ts", "consume"),
];
