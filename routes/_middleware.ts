/**
 * The middleware every request passes, outermost first: the health
 * endpoints, the request log, the public page cache for cookieless visitors, security headers, cross-site request refusal, typed HTTP errors, then the
 * session, the check that a signed-in session's account still exists, and
 * the messages built on the session.
 */
import { signedInUser } from "../utils/accounts/current_user.ts";
import { signedOutNotice } from "../utils/accounts/signed_out_notice.ts";
import { requestAddress } from "../utils/accounts/services.ts";
import { kv } from "../utils/kv/db.ts";
import { csrf } from "../utils/http/csrf.ts";
import { health } from "../utils/http/health.ts";
import { httpErrors } from "../utils/http/http_errors.ts";
import { publicPageCache } from "../utils/http/public_page_cache.ts";
import { requestLog } from "../utils/http/request_log.ts";
import { logFormatFromEnv } from "../utils/log_format.ts";
import { securityHeaders } from "../utils/http/security_headers.ts";
import { statusPage } from "../utils/http/status_page.ts";
import { jsonEventLogger } from "../utils/json_log.ts";
import { messages } from "../utils/messages/mod.ts";
import { appMessagesOptions } from "../utils/messages_policy.ts";
import {
  KvSessionStore,
  session,
  SessionGuardError,
  SessionLimitedError,
  sessionOptionsFromEnv,
  SessionUnavailableError,
} from "../utils/session/mod.ts";

// Read and validated once, at start-up: a bad value stops the app here.
const sessionOptions = sessionOptionsFromEnv();
const logFormat = logFormatFromEnv();
// With LOG_FORMAT=json, the session and messages events are JSON lines too.
const eventLogger = (component: string) =>
  logFormat === "json" ? { logger: jsonEventLogger(component) } : {};

export const handler = [
  // First: probes answer before anything else runs, and are never logged.
  health({ kv }),
  requestLog({ format: logFormat }),
  // Then a stored public page answers before the rest runs.
  publicPageCache(),
  securityHeaders(),
  csrf({
    trustProxy: sessionOptions.trustProxy,
    onReject: () =>
      statusPage(
        403,
        "This request came from another site, so we refused it. If you submitted a form, please go back, reload the page and try again.",
      ),
  }),
  httpErrors(),
  session({
    // The app's handle already retries KV's busy errors (utils/kv/retry.ts);
    // a second retry loop in the store around it would only multiply the
    // wait before the 503.
    store: new KvSessionStore(kv, { lockedRetries: 0 }),
    ...sessionOptions,
    ...eventLogger("session"),
    // The same address the sign-in limits count (X-Forwarded-For only when
    // LOGIN_TRUST_FORWARDED_FOR says the proxy sets it).
    clientAddress: (req, ctx) =>
      ctx.remoteAddr
        ? requestAddress(req, { remoteAddr: ctx.remoteAddr })
        : undefined,
    onError: (error) =>
      error instanceof SessionUnavailableError
        ? statusPage(
          503,
          "We could not reach your session just now. Nothing was changed; please try again in a moment.",
          { "retry-after": String(error.retryAfter) },
        )
        : error instanceof SessionLimitedError
        ? statusPage(
          429,
          `Too many new visitors came from your network just now, so nothing was saved. Please wait ${error.retryAfter} seconds and try again.`,
          { "retry-after": String(error.retryAfter) },
        )
        : error instanceof SessionGuardError
        ? statusPage(
          409,
          "Your account changed while you were signing in (its password was changed, or it was deleted), so you were not signed in. Please sign in again.",
        )
        : statusPage(
          413,
          "Your session has grown too large to save. Nothing was changed.",
        ),
  }),
  // A session whose account is gone is signed out before anything sees it.
  signedInUser(kv),
  messages({ ...appMessagesOptions, ...eventLogger("messages") }),
  // A browser whose sign-in ended elsewhere (revoked, expired) is told so.
  signedOutNotice(),
];
