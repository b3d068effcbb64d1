/**
 * Inline route modules for the middleware and concurrency tests: an
 * `_app` rendering the real FlashMessages component, pages, and handlers
 * that add messages then redirect, fail, or answer JSON.
 *
 * @module
 */
import type { FreshContext, Manifest, PageProps } from "$fresh/server.ts";
import FlashMessages from "../../../islands/FlashMessages.tsx";
import * as messages from "../../../utils/messages/mod.ts";
import type { State } from "../../../utils/state.ts";

type Ctx = FreshContext<State>;

function App(props: PageProps) {
  return (
    <html lang="en">
      <head>
        <title>Messages test</title>
      </head>
      <body>
        <FlashMessages messages={messages.getMessages(props)} />
        <main>
          <props.Component />
        </main>
      </body>
    </html>
  );
}

function Page() {
  return <h1>Page</h1>;
}

function NotFound() {
  return <h1>Not found</h1>;
}

function see(location: string, status = 303): Response {
  return new Response(null, { status, headers: { location } });
}

/** Adds `?text=` at `?level=` (default SUCCESS), then 303s to `?next=`. */
function addHandler(req: Request, ctx: Ctx): Response {
  const url = new URL(req.url);
  messages.addMessage(
    ctx,
    Number(url.searchParams.get("level") ?? messages.SUCCESS),
    url.searchParams.get("text") ?? "Post saved!",
    { extraTags: url.searchParams.get("tags") ?? "" },
  );
  return see(url.searchParams.get("next") ?? "/page");
}

/** Gates for tests that pause a request after it rendered. */
export const gates = {
  rendered: Promise.withResolvers<void>(),
  release: Promise.withResolvers<void>(),
  reset() {
    this.rendered = Promise.withResolvers<void>();
    this.release = Promise.withResolvers<void>();
  },
};

/** A gate pair of its own, for a test that pauses two pages apart. */
export function newGate() {
  return {
    rendered: Promise.withResolvers<void>(),
    release: Promise.withResolvers<void>(),
  };
}

/** A page route that renders, then waits on `gate` before answering. */
export function pausedPage(gate: ReturnType<typeof newGate>) {
  return {
    default: Page,
    handler: async (_req: Request, ctx: Ctx) => {
      const res = ctx.render();
      gate.rendered.resolve();
      await gate.release.promise;
      return res;
    },
  };
}

/** The routes, keyed as in fresh.gen.ts. */
export const routes: Manifest["routes"] = {
  "./routes/_app.tsx": { default: App },
  // Fresh's built-in 404 page has no _app; the app has its own.
  "./routes/_404.tsx": { default: NotFound },
  "./routes/page.tsx": { default: Page },
  "./routes/add.ts": { handler: addHandler },
  // Reads the messages as a page would, then redirects.
  "./routes/read_then_redirect.ts": {
    handler: (_req: Request, ctx: Ctx) => {
      messages.getMessages(ctx);
      return see("/page", 302);
    },
  },
  "./routes/hop.ts": { handler: () => see("/page", 302) },
  "./routes/missing.ts": {
    handler: (_req: Request, ctx: Ctx) => ctx.renderNotFound(),
  },
  "./routes/bad.tsx": {
    default: Page,
    handler: (req: Request, ctx: Ctx) =>
      ctx.render(undefined, {
        status: Number(new URL(req.url).searchParams.get("status") ?? 400),
      }),
  },
  "./routes/broken.tsx": {
    default: Page,
    handler: (_req: Request, ctx: Ctx) =>
      ctx.render(undefined, { status: 500 }),
  },
  "./routes/throws.tsx": {
    default: Page,
    handler: () => {
      throw new Error("boom (expected by the test)");
    },
  },
  "./routes/plain.ts": {
    handler: (_req: Request, ctx: Ctx) => {
      messages.getMessages(ctx);
      return new Response("plain text");
    },
  },
  "./routes/now.tsx": {
    default: Page,
    handler: (_req: Request, ctx: Ctx) => {
      messages.warning(ctx, "Check the form", { now: true });
      return ctx.render();
    },
  },
  "./routes/peek.ts": {
    handler: (_req: Request, ctx: Ctx) =>
      Response.json(ctx.state.messages.pending().map((m) => m.text)),
  },
  "./routes/api.ts": {
    handler: (req: Request, ctx: Ctx) => {
      const status = Number(new URL(req.url).searchParams.get("status") ?? 200);
      return messages.messagesJson(ctx, { ok: status < 400 }, { status });
    },
  },
  // Signs in as ?user= (default user-1).
  "./routes/login.ts": {
    handler: (req: Request, ctx: Ctx) => {
      const user = new URL(req.url).searchParams.get("user") ?? "user-1";
      ctx.state.session.login(user);
      messages.success(ctx, `Welcome back, ${user}`);
      return see("/page");
    },
  },
  // Adds ?text=, then waits for the test before answering.
  "./routes/slow_add.ts": {
    handler: async (req: Request, ctx: Ctx) => {
      messages.success(
        ctx,
        new URL(req.url).searchParams.get("text") ?? "Post saved!",
      );
      gates.rendered.resolve();
      await gates.release.promise;
      return see("/page");
    },
  },
  "./routes/logout.ts": {
    handler: (_req: Request, ctx: Ctx) => {
      messages.info(ctx, "Queued before the flush");
      ctx.state.session.logout();
      messages.info(ctx, "You have been signed out.");
      return see("/page");
    },
  },
  // The page component adds a message after _app has read them.
  "./routes/during.tsx": {
    default: (props: PageProps) => {
      messages.info(props, "Added during render");
      return <h1>During</h1>;
    },
  },
  "./routes/after.tsx": {
    default: Page,
    handler: (_req: Request, ctx: Ctx) => {
      const res = ctx.render();
      messages.info(ctx, "Added after render");
      return res;
    },
  },
  // Renders, then waits for the test before answering.
  "./routes/slow.tsx": {
    default: Page,
    handler: async (_req: Request, ctx: Ctx) => {
      const res = ctx.render();
      gates.rendered.resolve();
      await gates.release.promise;
      return res;
    },
  },
};
