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
  createContext,
  h,
  options,
  type VNode,
} from "preact";
import { useContext } from "preact/hooks";
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

/** Inside an island everything hydrates with it, so no nested markers. */
const InsideIsland = createContext(false);

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
  { island, props }: { island: Island; props: Record<string, unknown> },
) {
  const inside = useContext(InsideIsland);
  const collector = rendering;
  if (!collector || inside) return createIslandVNode(island, props);
  const index = collector.islands.length;
  collector.islands.push({ island, props });
  return jsxTemplate(
    markers(index),
    h(
      InsideIsland.Provider,
      { value: true },
      createIslandVNode(island, withSlots(props, collector)),
    ),
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
  // Islands passed in as children hydrate on their own again.
  return h(
    "frsh-slot",
    { "data-frsh-slot": String(id) },
    h(InsideIsland.Provider, { value: false }, children),
  );
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
