import { deepStrictEqual, strictEqual } from "node:assert";
import {
  session,
  type SessionMiddlewareState,
} from "../../../utils/session/mod.ts";
import {
  getMessages,
  messages,
  type MessagesMiddlewareState,
  success,
} from "../../../utils/messages/mod.ts";
import { silentLogger } from "../../../utils/session/logger.ts";

/** Another app's state: the two slices plus a field of its own. */
interface BlogState extends SessionMiddlewareState, MessagesMiddlewareState {
  theme: string;
}

Deno.test("session() and messages() type and serve another app's ctx.state", async () => {
  using kv = await Deno.openKv(":memory:");
  const chain = [
    session<BlogState>({ kv, logger: silentLogger }),
    messages<BlogState>({ logger: silentLogger }),
  ];
  const request = async (
    cookie: string,
    handler: (state: BlogState) => Response,
  ) => {
    const req = new Request("http://localhost/post", {
      headers: cookie ? { cookie } : {},
    });
    const state = { theme: "dark" } as BlogState;
    const run = (i: number): Promise<Response> =>
      i === chain.length ? Promise.resolve(handler(state)) : Promise.resolve(
        chain[i](
          req,
          {
            destination: "route",
            state,
            next: () => run(i + 1),
          } as Parameters<(typeof chain)[number]>[1],
        ),
      );
    return await run(0);
  };

  const posted = await request("", (state) => {
    state.session.set("drafts", 1);
    success({ state }, `Saved in the ${state.theme} theme`);
    return new Response(null, { status: 303, headers: { location: "/post" } });
  });
  const cookie = posted.headers.get("set-cookie")!.split(";")[0];
  let shown: string[] = [];
  const page = await request(cookie, (state) => {
    shown = getMessages({ state }).map((m) => m.text);
    return new Response(`drafts: ${state.session.get("drafts")}`);
  });
  strictEqual(await page.text(), "drafts: 1");
  deepStrictEqual(shown, ["Saved in the dark theme"]);
});

/** An app with sessions and no flash messages. */
interface CounterState extends SessionMiddlewareState {
  visits?: number;
}

Deno.test("session() alone serves an app whose state has no messages", async () => {
  using kv = await Deno.openKv(":memory:");
  const middleware = session<CounterState>({ kv, logger: silentLogger });
  const state = {} as CounterState;
  const res = await middleware(
    new Request("http://localhost/"),
    {
      destination: "route",
      state,
      next: () => {
        state.visits = state.session.update<number>("visits", (n) => n + 1, 0);
        return Promise.resolve(new Response(`visits: ${state.visits}`));
      },
    } as Parameters<typeof middleware>[1],
  );
  strictEqual(await res.text(), "visits: 1");
  strictEqual(res.headers.get("set-cookie")?.startsWith("sid="), true);
});
