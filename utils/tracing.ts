/**
 * OpenTelemetry spans through `@opentelemetry/api`, exported by Deno's
 * built-in OTel support when the app runs with `OTEL_DENO=true` (Deno
 * then also makes a span for every HTTP request it serves).
 *
 * With tracing off, {@linkcode withSpan} calls its function directly: the
 * request path pays nothing for it, not even a no-op span.
 *
 * @see https://docs.deno.com/runtime/fundamentals/open_telemetry/
 * @module
 */
import {
  type Attributes,
  type Span,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

/** Whether Deno exports telemetry (`OTEL_DENO=true`), read once. */
export const TRACING: boolean = readTracingFlag();

function readTracingFlag(): boolean {
  try {
    return Deno.env.get("OTEL_DENO") === "true";
  } catch {
    // No --allow-env for it: tracing stays off.
    return false;
  }
}

const tracer = trace.getTracer("deno-shop");

/**
 * Runs `fn` inside a span named `name`, ended when `fn` settles; a throw
 * is recorded on the span and rethrown. Without tracing, just runs `fn`.
 *
 * @example
 * ```ts
 * const session = await withSpan("session.load", {}, () => manager.loadSession(req));
 * ```
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span?: Span) => Promise<T>,
): Promise<T> {
  if (!TRACING) return fn();
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Names the server span of the current request after its route pattern
 * (`POST /cart/add`), as the OTel HTTP conventions ask, and returns its
 * trace id; `undefined` without tracing.
 *
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/
 */
export function nameRequestSpan(
  method: string,
  route: string,
): string | undefined {
  if (!TRACING) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  if (route) {
    span.setAttribute("http.route", route);
    span.updateName(`${method} ${route}`);
  }
  return span.spanContext().traceId;
}
