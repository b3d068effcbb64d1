/**
 * Browser side of islands: reads the serialized props the server embedded,
 * loads each island's module and hydrates it in place between its comment
 * markers. Only pages that rendered an island load this module.
 *
 * @module
 */
import { type ComponentType, h, hydrate } from "preact";
import { signal } from "@preact/signals";
import { deserialize } from "../src/serializer/decode.ts";
import type { BootMeta } from "../src/render.ts";

const START = /^frsh:(\d+)$/;
const END = /^\/frsh:(\d+)$/;

/**
 * Stands in for JSX that the server passed into an island. The server's
 * HTML stays as it is: Preact leaves `dangerouslySetInnerHTML` content
 * alone while hydrating, and islands inside it hydrate on their own.
 */
function ServerSlot(props: { id: number }) {
  return h("frsh-slot", {
    "data-frsh-slot": String(props.id),
    dangerouslySetInnerHTML: { __html: "" },
  });
}

async function boot(): Promise<void> {
  const stateElement = document.getElementById("__FRSH_STATE");
  if (!stateElement) return;
  const [meta, allProps] = deserialize(stateElement.textContent ?? "", {
    signal,
    slot: (id) => h(ServerSlot, { id }),
  }) as [BootMeta, Record<string, unknown>[]];
  (globalThis as { __FRSH_BUILD_ID?: string }).__FRSH_BUILD_ID = meta.buildId;

  const paths = [...new Set(meta.islands.map(([path]) => path))];
  const modules = new Map<string, Record<string, unknown>>();
  await Promise.all(paths.map(async (path) => {
    modules.set(path, await import(meta.base + path));
  }));

  for (const [index, [start, end]] of findMarkers()) {
    const [path, exportName] = meta.islands[index];
    const component = modules.get(path)?.[exportName] as
      | ComponentType
      | undefined;
    if (!component) {
      console.error(`Island ${path}#${exportName} was not found`);
      continue;
    }
    hydrate(h(component, allProps[index]), rangeRoot(start, end));
  }
  // Lets CSS and tests tell a hydrated page from server HTML.
  document.documentElement.setAttribute("data-frsh-hydrated", "");
}

/** Pairs `<!--frsh:N-->` with `<!--/frsh:N-->` markers in document order. */
function findMarkers(): Map<number, [Comment, Comment]> {
  const starts = new Map<number, Comment>();
  const pairs = new Map<number, [Comment, Comment]>();
  const walker = document.createTreeWalker(
    document.body,
    NodeFilter.SHOW_COMMENT,
  );
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const comment = node as Comment;
    const start = START.exec(comment.data);
    if (start) {
      starts.set(Number(start[1]), comment);
      continue;
    }
    const end = END.exec(comment.data);
    const opening = end && starts.get(Number(end[1]));
    if (opening) pairs.set(Number(end![1]), [opening, comment]);
  }
  return pairs;
}

/**
 * A stand-in parent covering only the nodes between two markers, so that
 * Preact hydrates and later updates just that range of the real parent.
 */
function rangeRoot(start: Comment, end: Comment): Element {
  const parent = start.parentNode as Element;
  const between = (): ChildNode[] => {
    const nodes: ChildNode[] = [];
    for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) {
      nodes.push(n);
    }
    return nodes;
  };
  const root = {
    nodeType: 1,
    parentNode: parent,
    namespaceURI: parent.namespaceURI,
    get firstChild() {
      const first = start.nextSibling;
      return first === end ? null : first;
    },
    get childNodes() {
      return between();
    },
    insertBefore(node: Node, before: Node | null) {
      return parent.insertBefore(node, before ?? end);
    },
    appendChild(node: Node) {
      return parent.insertBefore(node, end);
    },
    removeChild(node: Node) {
      return parent.removeChild(node);
    },
    contains(node: Node | null) {
      return node !== null && between().includes(node as ChildNode);
    },
  };
  return root as unknown as Element;
}

boot().catch((error) => console.error("Island hydration failed:", error));
