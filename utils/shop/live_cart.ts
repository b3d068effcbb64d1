/**
 * The cart count shared by islands in the browser: the header badge shows
 * it and add-to-cart forms update it, so the badge changes without a page
 * load. Islands are bundled with code splitting, so this module, and the
 * signal in it, exists once per page.
 *
 * On the server the signal is never written: it is module state shared by
 * every request, so server renders use the count passed in props.
 *
 * @module
 */
import { signal } from "@preact/signals-core";

/** The latest cart count known in this browser tab; null until an update. */
export const liveCartCount = signal<number | null>(null);
