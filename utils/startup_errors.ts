/**
 * Import first in an entry point: a {@linkcode ConfigError} raised while
 * the app's modules load (a bad `KV_PATH`, a session timeout out of range)
 * is printed as its one line, and the process exits with status 1, instead
 * of an "Uncaught (in promise)" stack trace. Other errors keep Deno's
 * default report: they are bugs, and the stack is what finds them.
 *
 * @module
 */
import { ConfigError } from "./config_error.ts";

globalThis.addEventListener("unhandledrejection", (event) => {
  // By name too: framework/ raises its own, named alike.
  const reason = event.reason;
  if (!(reason instanceof ConfigError || reason?.name === "ConfigError")) {
    return;
  }
  event.preventDefault();
  console.error(reason.message);
  Deno.exit(1);
});
