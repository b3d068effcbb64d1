/**
 * The middleware every request passes, outermost first: the health
 * endpoints, the request log, the public page cache for cookieless visitors,
 * the catalogue's first load, security headers, cross-site request refusal,
 * typed HTTP errors, then the session, the check that a signed-in session's
 * account still exists, and the messages built on the session.
 */
import { StatusPage } from "../components/StatusPage.tsx";
import { signedOutNotice } from "../utils/accounts/signed_out_notice.ts";
import { catalogLoaded } from "../utils/shop/store.ts";
import { requestAddress } from "../utils/accounts/services.ts";
import {
  appHealth,
  appSessionStore,
  appSignedInUser,
} from "../utils/app_kv_middleware.ts";
import { csrf } from "../utils/http/csrf.ts";
import { httpErrors } from "../utils/http/http_errors.ts";
import { publicPageCache } from "../utils/http/public_page_cache.ts";
import { requestLog } from "../utils/http/request_log.ts";
import { logFormatFromEnv } from "../utils/log_format.ts";
import { securityHeaders } from "../utils/http/security_headers.ts";
import { createStatusPage } from "../utils/http/status_page.ts";
import { jsonEventLogger } from "../utils/json_log.ts";
import { messages } from "../utils/messages/mod.ts";
import { appMessagesOptions } from "../utils/messages_policy.ts";
import {
  session,
  SessionGuardError,
  SessionLimitedError,
  sessionOptionsFromEnv,
  SessionUnavailableError,
} from "../utils/session/mod.ts";

const statusPage = createStatusPage(StatusPage);
// Read and validated once, at start-up: a bad value stops the app here.
const sessionOptions = sessionOptionsFromEnv();
const logFormat = logFormatFromEnv();
// With LOG_FORMAT=json, the session and messages events are JSON lines too.
const eventLogger = (component: string) =>
  logFormat === "json" ? { logger: jsonEventLogger(component) } : {};

export const handler = [
  // First: probes answer before anything else runs, and are never logged.
  appHealth(),
  requestLog({ format: logFormat }),
  // Then a stored public page answers before the rest runs.
  publicPageCache(),
  // Loaded once per process, before any page counts its cart badge.
  catalogLoaded(),
  securityHeaders(),
  csrf({
    trustProxy: sessionOptions.trustProxy,
    onReject: () =>
      statusPage(
        403,
        "This request came from another site, so we refused it. If you submitted a form, please go back, reload the page and try again.",
      ),
  }),
  httpErrors({ statusPage }),
  session({
    store: appSessionStore,
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
  appSignedInUser(),
  messages({ ...appMessagesOptions, ...eventLogger("messages") }),
  // A browser whose sign-in ended elsewhere (revoked, expired) is told so.
  signedOutNotice(),
];
