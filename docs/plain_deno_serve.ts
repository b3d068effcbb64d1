/** Sessions and flash messages on plain `Deno.serve`, without Fresh. */
import {
  createSessionManager,
  isSessionHttpError,
  renderSessionError,
  runAfterCommit,
} from "../utils/session/mod.ts";
import * as messages from "../utils/messages/mod.ts";

const kv = await Deno.openKv(":memory:");
const sessions = createSessionManager({ kv });
const options = messages.resolveMessagesOptions();
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

async function handle(req: Request, clientAddress?: string) {
  // The address is what the new-session limit counts per.
  const session = await sessions.loadSession(req, { clientAddress });
  const storage = new messages.MessageStorage(session, options, {
    claim: messages.claimOf(req.url),
  });
  const ctx = { state: { session, messages: storage } };
  let res: Response;
  if (req.method === "POST") {
    session.update<number>("count", (n) => n + 1, 0);
    messages.success(ctx, "Counted!");
    res = new Response(null, { status: 303, headers: { location: "/" } });
  } else {
    const banners = messages.getMessages(ctx)
      .map((m) => `<p class="${m.tags}">${escape(m.text)}</p>`).join("");
    res = new Response(
      `${banners}<p>count: ${session.get("count", 0)}</p>` +
        `<form method="post"><button>Count</button></form>`,
      { headers: { "content-type": "text/html; charset=utf-8" } },
    );
  }
  storage.finish(req, res); // consumes what the page showed
  await sessions.commitSession(session, res.headers); // one KV commit
  // A page whose message another request showed first is loaded again.
  return runAfterCommit(session, res);
}

export default {
  async fetch(req, info) {
    try {
      const addr = info.remoteAddr;
      return await handle(req, "hostname" in addr ? addr.hostname : undefined);
    } catch (error) {
      // 409, 413, or 429 and 503 with Retry-After, instead of a 500.
      if (isSessionHttpError(error)) return renderSessionError(error);
      throw error;
    }
  },
} satisfies Deno.ServeDefaultExport;
