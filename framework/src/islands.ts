/**
 * Server side of islands: knows which components are islands, and while a
 * page renders, wraps each outermost island in comment markers and records
 * its props for the browser.
 *
 * Islands are recognised where their vnodes are created (Preact's
 * `options.vnode` hook) because that is the one place every `<Island />`
 * passes through, whichever component renders it.
 *
 * @module
 */
import {
  type ComponentChildren,
  type ComponentType,
  h,
  options,
  type VNode,
} from "preact";
import { jsxTemplate } from "preact/jsx-runtime";
import type { Manifest } from "../types.ts";

/** One exported component of a module under `islands/`. */
export interface Island {
  // deno-lint-ignore no-explicit-any
  component: ComponentType<any>;
  /** The island file, as keyed in the manifest: `./islands/Counter.tsx`. */
  file: string;
  /** The module's path below the bundle root; set once bundles exist. */
  modulePath: string;
  exportName: string;
}

/** One island instance on the page being rendered. */
export interface RenderedIsland {
  island: Island;
  props: Record<string, unknown>;
}

/** What one page render collects for the client. */
export interface IslandCollector {
  islands: RenderedIsland[];
  /** JSX passed into islands, rendered on the server, keyed by slot id. */
  slots: Map<VNode, number>;
}

const ISLAND_FILE = /^\.\/(islands\/.+)\.(?:tsx|ts|jsx|js)$/;

// Islands of every app created in this process; the hook below is global.
const knownIslands = new Map<unknown, Island>();
let hookInstalled = false;
let rendering: IslandCollector | null = null;
// Set while the marker creates the island's own vnode, so the hook lets it be.
let creatingIslandVNode = false;

/**
 * Whether the vnode `from` renders inside an island, where everything
 * hydrates with the island, so no nested markers: of the islands and server
 * slots above it, the nearest is an island. Islands in a server slot (JSX
 * passed into an island) hydrate on their own again.
 *
 * It walks the parent links preact-render-to-string sets on each vnode
 * before rendering it (`vnode.__`, the mangled `_parent` that
 * @preact/signals reads too) instead of providing a context: a context
 * Provider is one more component per island, and Preact's Provider builds a
 * Set, a context object and four closures on every server render (each
 * server render is a new component instance).
 */
function isInsideIsland(from: VNode): boolean {
  for (
    let vnode = (from as InternalVNode).__;
    vnode != null;
    vnode = vnode.__
  ) {
    if (vnode.type === ServerSlot) return false;
    if (vnode.type === IslandMarker) return true;
  }
  return false;
}

/** A vnode with the renderer's parent link. */
type InternalVNode = VNode & { __?: InternalVNode | null };

/** Registers every exported component of the manifest's islands. */
export function registerIslands(manifest: Manifest): Island[] {
  installHook();
  const islands: Island[] = [];
  for (const [key, mod] of Object.entries(manifest.islands)) {
    const match = ISLAND_FILE.exec(key);
    if (!match) throw new Error(`Unexpected island file name: ${key}`);
    for (const [exportName, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      const island: Island = {
        component: value as ComponentType,
        file: key,
        modulePath: `${match[1]}.js`,
        exportName,
      };
      knownIslands.set(value, island);
      islands.push(island);
    }
  }
  return islands;
}

/** Runs `render` with island markers turned on, filling `collector`. */
export function collectIslands<T>(
  collector: IslandCollector,
  render: () => T,
): T {
  const previous = rendering;
  rendering = collector;
  try {
    return render();
  } finally {
    rendering = previous;
  }
}

function installHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  const previous = options.vnode;
  options.vnode = (vnode) => {
    if (!creatingIslandVNode && typeof vnode.type === "function") {
      const island = knownIslands.get(vnode.type);
      if (island) {
        (vnode as { props: unknown }).props = { island, props: vnode.props };
        vnode.type = IslandMarker as typeof vnode.type;
      }
    }
    previous?.(vnode);
  };
}

function createIslandVNode(
  island: Island,
  props: Record<string, unknown>,
): VNode {
  creatingIslandVNode = true;
  try {
    return h(island.component, props);
  } finally {
    creatingIslandVNode = false;
  }
}

/**
 * The comments around island `index` as a precompiled-JSX template: the
 * renderer prints template strings as they are and the island between
 * them, one vnode where a Fragment and two comment vnodes would be three.
 * Templates for the first indexes are kept; pages rarely have more.
 */
function markers(index: number): string[] {
  if (index >= KEPT_MARKERS) return markerPair(index);
  return keptMarkers[index] ??= markerPair(index);
}

function markerPair(index: number): string[] {
  return [`<!--frsh:${index}-->`, `<!--/frsh:${index}-->`];
}

const KEPT_MARKERS = 64;
const keptMarkers: string[][] = [];

function IslandMarker(
  this: { __v: VNode },
  { island, props }: { island: Island; props: Record<string, unknown> },
) {
  const collector = rendering;
  if (!collector || isInsideIsland(this.__v)) {
    return createIslandVNode(island, props);
  }
  const index = collector.islands.length;
  collector.islands.push({ island, props });
  return jsxTemplate(
    markers(index),
    createIslandVNode(island, withSlots(props, collector)),
  );
}

/** Replaces JSX props with slots that render on the server. */
function withSlots(
  props: Record<string, unknown>,
  collector: IslandCollector,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(props)) {
    let replaced: unknown = value;
    if (isVNode(value)) replaced = slot(value, collector);
    else if (Array.isArray(value) && value.some(isVNode)) {
      replaced = value.map((v) => isVNode(v) ? slot(v, collector) : v);
    }
    if (replaced !== value) (copy ??= { ...props })[name] = replaced;
  }
  return copy ?? props;
}

function slot(vnode: VNode, collector: IslandCollector) {
  let id = collector.slots.get(vnode);
  if (id === undefined) {
    id = collector.slots.size;
    collector.slots.set(vnode, id);
  }
  return h(ServerSlot, { id, children: vnode });
}

function ServerSlot(
  { id, children }: { id: number; children: ComponentChildren },
) {
  // Islands passed in as children hydrate on their own again: the walk
  // in isInsideIsland stops here.
  return h("frsh-slot", { "data-frsh-slot": String(id) }, children);
}

/**
 * Preact marks vnodes with `constructor: undefined` so JSON can't forge one.
 * Signals also look like vnodes (they render as text), but only through
 * their prototype, so the fields must be own properties.
 */
export function isVNode(value: unknown): value is VNode {
  return typeof value === "object" && value !== null &&
    Object.hasOwn(value, "type") && Object.hasOwn(value, "props") &&
    (value as { constructor?: unknown }).constructor === undefined;
}
