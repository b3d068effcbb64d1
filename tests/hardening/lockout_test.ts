/**
 * Guessing limits across processes, over real HTTP on two workers sharing
 * one KV file (`deno task serve:parallel`): simultaneous right passwords
 * spread over both workers are never throttled, and a flood of wrong ones
 * locks the name and the address for unknown browsers but not the owner's
 * browser that signed in before.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { errorLines, removeKv, startApp } from "./_app_process.ts";
import { figure, scale } from "./_scale.ts";
import { isSeeOther, ShopClient } from "./_shop_client.ts";

const PASSWORD = "the right password 1";
const AT_ONCE = scale(8, 24);
const GUESSES = scale(30, 120);

Deno.test(`two workers: ${AT_ONCE} right passwords at once are never throttled; ${GUESSES} wrong ones do not lock the owner's browser out`, async () => {
  const app = await startApp({ workers: 2 });
  try {
    const run = crypto.randomUUID().slice(0, 6);
    const signUp = async (client: ShopClient, username: string) =>
      ok(
        isSeeOther(
          await client.post("/signup", { username, password: PASSWORD }),
          "/",
        ),
      );
    const shared = `shared_${run}`;
    await signUp(new ShopClient(app.origin), shared);
    const owner = new ShopClient(app.origin);
    const target = `target_${run}`;
    await signUp(owner, target);
    ok(isSeeOther(await owner.post("/logout"), "/"));

    // All from 127.0.0.1, more than the per-username limit (5) at once.
    const together = await Promise.all(
      Array.from(
        { length: AT_ONCE },
        async () =>
          (await new ShopClient(app.origin).post("/login", {
            username: shared,
            password: PASSWORD,
          })).status,
      ),
    );

    const guesses = await Promise.all(
      Array.from(
        { length: GUESSES },
        async (_, i) =>
          (await new ShopClient(app.origin).post("/login", {
            username: target,
            password: `wrong guess ${i}`,
          })).status,
      ),
    );
    const stranger = await new ShopClient(app.origin).post("/login", {
      username: target,
      password: PASSWORD,
    });
    const ownerBack = await owner.post("/login", {
      username: target,
      password: PASSWORD,
    });
    const count = (list: number[], status: number) =>
      list.filter((s) => s === status).length;
    figure("lockout on two workers", {
      rightAtOnce: AT_ONCE,
      rightStatuses: together,
      wrongGuesses: GUESSES,
      guessesChecked: count(guesses, 422),
      guessesRefused: count(guesses, 429),
      strangerWithRightPassword: stranger.status,
      ownerBrowser: ownerBack.status,
    });
    deepStrictEqual(together, Array(AT_ONCE).fill(303), "none throttled");
    strictEqual(count(guesses, 422), 5, "exactly the limit of guesses");
    strictEqual(count(guesses, 429), GUESSES - 5);
    strictEqual(stranger.status, 429, "guessing stays limited");
    ok(isSeeOther(ownerBack, "/"), `owner: ${ownerBack.status}`);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});
