/**
 * Serializes island props on the server and revives them in the browser.
 *
 * The server collects the props of every island on a page into one array
 * and writes `serialize(allProps)` into
 * `<script type="application/json" id="__FRSH_STATE">`; the client reads it
 * back with `deserialize()` before hydrating. One call for the whole page is
 * what keeps a signal (or any object) shared by two islands one instance.
 *
 * The code runs on both sides, so it is pure: no Deno APIs and no import of
 * `@preact/signals` (signals are recognised by shape and re-created through
 * {@linkcode DeserializeHooks.signal}, keeping one signals instance in the
 * client bundle). The format is described in `format.ts`.
 *
 * @example Server and client
 * ```ts
 * import { signal } from "@preact/signals";
 * import { deserialize, serialize } from "./mod.ts";
 *
 * const count = signal(0);
 * const text = serialize([{ count }, { count }]);
 * const [a, b] = deserialize(text, { signal }) as { count: unknown }[];
 * console.assert(a.count === b.count);
 * ```
 *
 * @module
 */
export { SerializationError } from "./format.ts";
export { serialize, type SerializeHooks } from "./encode.ts";
export { deserialize, type DeserializeHooks } from "./decode.ts";
