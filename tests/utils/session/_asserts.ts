/**
 * Minimal assertions (jsr:@std/assert is not reachable from this project),
 * with the same names and meaning as the standard library's.
 *
 * @module
 */

/** Thrown when an assertion fails. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

/** Fails unless `value` is truthy. */
export function assert(
  value: unknown,
  message = "expected a truthy value",
): asserts value {
  if (!value) throw new AssertionError(message);
}

/** Fails unless `value` is falsy. */
export function assertFalse(
  value: unknown,
  message = "expected a falsy value",
): void {
  if (value) throw new AssertionError(message);
}

function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (
    typeof a !== "object" || typeof b !== "object" || a === null || b === null
  ) {
    return false;
  }
  if (a instanceof Date && b instanceof Date) {
    return a.getTime() === b.getTime();
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    Object.hasOwn(b, k) &&
    equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
  );
}

function show(value: unknown): string {
  try {
    return Deno.inspect(value, { depth: 6, strAbbreviateSize: 200 });
  } catch {
    return String(value);
  }
}

/** Fails unless `actual` deeply equals `expected`. */
export function assertEquals<T>(
  actual: T,
  expected: T,
  message?: string,
): void {
  if (!equal(actual, expected)) {
    throw new AssertionError(
      `${message ? message + ": " : ""}expected ${show(expected)}, got ${
        show(actual)
      }`,
    );
  }
}

/** Fails if `actual` deeply equals `expected`. */
export function assertNotEquals<T>(
  actual: T,
  expected: T,
  message?: string,
): void {
  if (equal(actual, expected)) {
    throw new AssertionError(
      `${message ? message + ": " : ""}did not expect ${show(actual)}`,
    );
  }
}

/** Fails unless `actual` matches `re`. */
export function assertMatch(
  actual: string,
  re: RegExp,
  message?: string,
): void {
  if (!re.test(actual)) {
    throw new AssertionError(
      `${message ? message + ": " : ""}${show(actual)} does not match ${re}`,
    );
  }
}

// deno-lint-ignore no-explicit-any
type ErrorClass<E extends Error> = new (...args: any[]) => E;

/** Fails unless `fn` throws an instance of `ErrorClass`; returns it. */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  ErrorClass?: ErrorClass<E>,
  includes?: string,
): E {
  try {
    fn();
  } catch (error) {
    check(error, ErrorClass, includes);
    return error as E;
  }
  throw new AssertionError("expected the function to throw");
}

/** Fails unless `fn` rejects with an instance of `ErrorClass`; returns it. */
export async function assertRejects<E extends Error = Error>(
  fn: () => Promise<unknown>,
  ErrorClass?: ErrorClass<E>,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    check(error, ErrorClass, includes);
    return error as E;
  }
  throw new AssertionError("expected the promise to reject");
}

function check<E extends Error>(
  error: unknown,
  ErrorClass?: ErrorClass<E>,
  includes?: string,
) {
  if (ErrorClass && !(error instanceof ErrorClass)) {
    throw new AssertionError(`expected ${ErrorClass.name}, got ${show(error)}`);
  }
  if (
    includes && !(error instanceof Error && error.message.includes(includes))
  ) {
    throw new AssertionError(
      `expected message to include ${JSON.stringify(includes)}, got ${
        show(error)
      }`,
    );
  }
}
