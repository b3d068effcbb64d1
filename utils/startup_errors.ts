/**
 * Import first in an entry point: a {@linkcode ConfigError} raised while
 * the app's modules load (a bad `KV_PATH`, a session timeout out of range)
 * is printed as its one line, and the process exits with status 1, instead
 * of an "Uncaught (in promise)" stack trace. So is a port that another
 * program (or a second copy of the app) already listens on, which `start()`
 * reports as `Deno.errors.AddrInUse`, as upstream Fresh does. Other errors
 * keep Deno's default report: they are bugs, and the stack is what finds
 * them.
 *
 * @module
 */
import { ConfigError } from "./config_error.ts";

globalThis.addEventListener("unhandledrejection", (event) => {
  const line = startupErrorLine(event.reason);
  if (line === null) return;
  event.preventDefault();
  console.error(line);
  Deno.exit(1);
});

/**
 * The one line to print for an error that stops start-up because of how
 * the app is configured or where it runs, or null for any other error.
 */
export function startupErrorLine(reason: unknown): string | null {
  // By name too: framework/ raises its own, named alike.
  if (reason instanceof ConfigError || isNamed(reason, "ConfigError")) {
    return (reason as Error).message;
  }
  if (reason instanceof Deno.errors.AddrInUse) {
    // Our runtime's message starts with the address it tried; Deno's own
    // (upstream Fresh passes it on) names none.
    const where = /^\S+:\d+: /.test(reason.message) ? " on " : ": ";
    return `Cannot listen${where}${reason.message}. Another program (or a second copy of the app) listens there: stop it, or set PORT to a free port (0 picks one).`;
  }
  return null;
}

function isNamed(reason: unknown, name: string): boolean {
  return typeof reason === "object" && reason !== null &&
    (reason as { name?: unknown }).name === name;
}
