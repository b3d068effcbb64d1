/**
 * A password change against sign-ins with the old password that are still
 * hashing, over real HTTP: on one process (`deno task serve`) and on
 * several workers sharing one KV file (`deno task serve:parallel`).
 *
 * The attacker knows the old password and fires sign-ins while the owner
 * changes it. Required: once `POST /account/password` has answered, no
 * session created with the old password works, the owner's session list
 * holds only the owner's session, and no sign-in still in flight can add
 * one later. Whatever the timing: each attempt either committed before the
 * change (and the change revoked it), or fails.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { errorLines, removeKv, startApp } from "./_app_process.ts";
import { figure, scale } from "./_scale.ts";
import { isSeeOther, ShopClient } from "./_shop_client.ts";

const OLD_PASSWORD = "the old password 1";
const NEW_PASSWORD = "the new password 2";
const ATTEMPTS = scale(10, 40);

function signedInAs(html: string): string | null {
  return html.match(/Signed in as <strong>([^<]*)<\/strong>/)?.[1] ?? null;
}

function sessionRows(html: string): number {
  return html.match(/<tr [^>]*data-ref=/g)?.length ?? 0;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function race(workers: number | undefined) {
  const app = await startApp(workers ? { workers } : {});
  try {
    const username = `owner_${crypto.randomUUID().slice(0, 8)}`;
    const owner = new ShopClient(app.origin);
    ok(
      isSeeOther(
        await owner.post("/signup", { username, password: OLD_PASSWORD }),
        "/",
      ),
    );
    const attackers = Array.from(
      { length: ATTEMPTS },
      () => new ShopClient(app.origin),
    );
    // The sign-ins start 60 ms apart around the change (few enough in
    // flight at once for the per-username limit), so that some are
    // hashing while the change commits.
    const signIns = attackers.map(async (attacker, i) => {
      await delay(i * 60);
      const res = await attacker.post("/login", {
        username,
        password: OLD_PASSWORD,
      });
      return res.status;
    });
    await delay(120);
    const change = await owner.post("/account/password", {
      current_password: OLD_PASSWORD,
      new_password: NEW_PASSWORD,
    });
    ok(isSeeOther(change, "/account/sessions"), `change: ${change.status}`);
    // After the answer: whoever is signed in now, or gets in later, is in.
    const afterAnswer = await Promise.all(
      attackers.map(async (a) => signedInAs((await a.get("/")).html)),
    );
    const statuses = await Promise.all(signIns);
    const afterAll = await Promise.all(
      attackers.map(async (a) => signedInAs((await a.get("/")).html)),
    );
    const ownerPage = await owner.get("/account/sessions");
    const inAfterAnswer = afterAnswer.filter((n) => n !== null).length;
    const inAfterAll = afterAll.filter((n) => n !== null).length;
    const tally: Record<number, number> = {};
    for (const s of statuses) tally[s] = (tally[s] ?? 0) + 1;
    figure(`password change race (${workers ?? 1} worker(s))`, {
      attempts: ATTEMPTS,
      signInStatuses: tally,
      signedInAfterChangeAnswered: inAfterAnswer,
      signedInAfterEverySignInSettled: inAfterAll,
    });
    strictEqual(inAfterAnswer, 0, "no old-password session after the answer");
    strictEqual(inAfterAll, 0, "no old-password session created later");
    strictEqual(signedInAs(ownerPage.html), username, "the owner stays in");
    strictEqual(sessionRows(ownerPage.html), 1, "only the owner's session");
    // The new password works, from the owner's browser: the old-password
    // attempts that failed may have locked the name for unknown browsers.
    ok(isSeeOther(await owner.post("/logout"), "/"));
    ok(
      isSeeOther(
        await owner.post("/login", { username, password: NEW_PASSWORD }),
        "/",
      ),
      "the new password works",
    );
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
}

Deno.test(`password change vs ${ATTEMPTS} racing old-password sign-ins, one process: 0 get in`, async () => {
  await race(undefined);
});

Deno.test(`password change vs ${ATTEMPTS} racing old-password sign-ins, two workers: 0 get in`, async () => {
  await race(2);
});
