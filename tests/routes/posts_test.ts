/**
 * The posts routes through the real app (`createHandler` with the app's
 * manifest, real session and messages middleware, real KV in memory):
 * every route, every validation failure, unknown and malformed ids, the
 * form limits, author-only changes, and markup in titles shown as text.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { appHandlerOnce, Client } from "../helpers/client.ts";
import {
  createUser,
  DEMO_PASSWORD,
  DEMO_USERNAME,
} from "../../utils/accounts/users.ts";
import { kv } from "../../utils/kv/db.ts";

const handler = await appHandlerOnce();

// --- Signing in -----------------------------------------------------------
//
// Through the real login route: the seeded demo account, and a second
// account created in KV for the "someone else's post" cases.

interface TestUser {
  username: string;
  password: string;
}
const ALICE: TestUser = { username: DEMO_USERNAME, password: DEMO_PASSWORD };
const BOB: TestUser = { username: "posts_bob", password: "bob-pass-2026-x" };
await createUser(kv, BOB.username, BOB.password);

/** A new visitor with an empty cookie jar. */
function visitor(): Client {
  return new Client(handler);
}

/** A visitor signed in as `user` through POST /login. */
async function signIn(user: TestUser): Promise<Client> {
  const client = visitor();
  const res = await client.post("/login", {
    username: user.username,
    password: user.password,
  });
  strictEqual(res.status, 303, `signed in as ${user.username}`);
  // Shows (and so consumes) the welcome message, keeping later pages clean.
  const { html } = await client.follow(res);
  deepStrictEqual(banners(html).map((b) => b.tags), ["success"]);
  return client;
}

// --- Reading pages --------------------------------------------------------

interface Banner {
  tags: string;
  text: string;
}

/** The flash banners rendered in a page, in order. */
function banners(html: string): Banner[] {
  const found: Banner[] = [];
  const re =
    /<div class="flash ([^"]*)"[^>]*>[\s\S]*?<p class="flash__text">([^<]*)<\/p>/g;
  for (const m of html.matchAll(re)) found.push({ tags: m[1], text: m[2] });
  return found;
}

function titleOf(html: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1];
}

function versionOf(html: string): string {
  const version = /name="version" value="([0-9a-f]{20})"/.exec(html)?.[1];
  ok(version, "the edit form carries a version");
  return version;
}

let counter = 0;
/** A title no other test uses, so the shared list can be searched. */
function uniqueTitle(label: string): string {
  return `${label} ${++counter} ${crypto.randomUUID().slice(0, 8)}`;
}

/** Creates a post as `client` through POST /posts; returns its id. */
async function createPost(
  client: Client,
  title: string,
  body = "",
): Promise<string> {
  const res = await client.post("/posts", { title, body });
  strictEqual(res.status, 303);
  const { html } = await client.follow(res);
  const id = new RegExp(
    `<a href="/posts/([^"]+)">${escapeRe(escapeHtml(title))}</a>`,
  )
    .exec(html)?.[1];
  ok(id, `the list links to "${title}"`);
  return id;
}

/** Text as Preact writes it between tags. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Ids that must all give the 404 page, never a 500 or a KV read.
const BAD_IDS = [
  "m0z5k2a1c-3f9x0q2k7b1d", // well-formed, but no such post
  "-1",
  "0",
  "99999999999999999999999999",
  "NaN",
  "%E2%98%83", // a snowman
  "..%2f..",
  "%00",
  "__proto__",
];

// --- Tests ----------------------------------------------------------------

Deno.test("GET /posts lists posts newest first with a New post button", async () => {
  const alice = await signIn(ALICE);
  const older = uniqueTitle("Older");
  const newer = uniqueTitle("Newer");
  await createPost(alice, older);
  await createPost(alice, newer);
  const { res, html } = await visitor().get("/posts");
  strictEqual(res.status, 200);
  strictEqual(titleOf(html), "Posts · Deno Shop");
  match(html, /<a class="button" href="\/posts\/new">New post<\/a>/);
  ok(html.indexOf(newer) < html.indexOf(older), "newest first");
  match(html, /By <strong>demo<\/strong>/);
});

Deno.test("GET /posts?before= pages, and a malformed cursor is a 404", async () => {
  const { res: first } = await visitor().get(
    "/posts?before=zzzzzzzzz-zzzzzzzzzzzz",
  );
  strictEqual(first.status, 200);
  const { res: bad } = await visitor().get("/posts?before=..%2f..");
  strictEqual(bad.status, 404);
});

Deno.test("a visitor is sent to sign in before creating a post", async () => {
  const client = visitor();
  const form = await client.fetch("/posts/new");
  strictEqual(form.status, 303);
  strictEqual(form.headers.get("location"), "/login?next=/posts/new");
  const title = uniqueTitle("Anonymous");
  const post = await client.post("/posts", { title, body: "x" });
  strictEqual(post.status, 303);
  strictEqual(post.headers.get("location"), "/login?next=/posts/new");
  // The login page shows the info message once (queued twice, shown once).
  const { res, html } = await client.follow(post);
  strictEqual(res.status, 200);
  deepStrictEqual(banners(html), [
    { tags: "info", text: "Please sign in first." },
  ]);
  match(html, /name="next" value="\/posts\/new"/);
  ok(!(await client.get("/posts")).html.includes(title), "nothing was saved");
});

Deno.test("POST /posts saves, redirects to /posts and shows Post saved! once", async () => {
  const alice = await signIn(ALICE);
  const { res: formRes, html: form } = await alice.get("/posts/new");
  strictEqual(formRes.status, 200);
  strictEqual(titleOf(form), "New post · Deno Shop");
  match(form, /<form class="form" method="post" action="\/posts"/);

  const title = uniqueTitle("Saved");
  const res = await alice.post("/posts", {
    title,
    body: "Line one\r\nLine two",
  });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/posts");
  const { html } = await alice.follow(res);
  deepStrictEqual(banners(html), [{ tags: "success", text: "Post saved!" }]);
  ok(html.includes(title));
  const again = await alice.get("/posts");
  deepStrictEqual(banners(again.html), [], "gone after a refresh");
});

Deno.test("GET /posts/:id shows the post; its body keeps line breaks", async () => {
  const alice = await signIn(ALICE);
  const title = uniqueTitle("Detail");
  const id = await createPost(alice, title, "Line one\nLine two");
  const { res, html } = await visitor().get(`/posts/${id}`);
  strictEqual(res.status, 200);
  strictEqual(titleOf(html), `${title} · Deno Shop`);
  match(html, new RegExp(`<h1>${escapeRe(title)}</h1>`));
  match(html, /<p class="post-body">Line one\nLine two<\/p>/);
  ok(!html.includes("/edit"), "a visitor gets no edit link");
  ok(!html.includes("/delete"), "a visitor gets no delete button");
  const own = await alice.get(`/posts/${id}`);
  ok(own.html.includes(`href="/posts/${id}/edit"`), "the author can edit");
  ok(own.html.includes(`action="/posts/${id}/delete"`), "and delete");
});

Deno.test("POST /posts validation failures answer 422 with the typed values", async () => {
  const alice = await signIn(ALICE);
  const cases: {
    name: string;
    fields: Record<string, string>;
    errors: string[];
    kept?: string;
  }[] = [
    {
      name: "empty title",
      fields: { title: "", body: "kept body text" },
      errors: ["Please enter a title."],
      kept: "kept body text",
    },
    {
      name: "whitespace-only title",
      fields: { title: "   \t ", body: "" },
      errors: ["Please enter a title."],
    },
    {
      name: "title of 121 characters",
      fields: { title: "t".repeat(121), body: "" },
      errors: ["The title can be at most 120 characters; it has 121."],
      kept: "t".repeat(121),
    },
    {
      name: "body of 10,001 characters",
      fields: { title: "Long body", body: "b".repeat(10_001) },
      errors: ["The text can be at most 10,000 characters; it has 10,001."],
      kept: "Long body",
    },
    {
      name: "no fields at all",
      fields: {},
      errors: ["Please enter a title."],
    },
    {
      name: "both fields wrong",
      fields: { title: "", body: "b".repeat(10_001) },
      errors: [
        "Please enter a title.",
        "The text can be at most 10,000 characters; it has 10,001.",
      ],
    },
  ];
  for (const c of cases) {
    const res = await alice.fetch("/posts", {
      method: "POST",
      body: new URLSearchParams(c.fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const html = await res.text();
    strictEqual(res.status, 422, c.name);
    strictEqual(titleOf(html), "New post · Deno Shop", c.name);
    deepStrictEqual(banners(html), [{
      tags: "error",
      text: "The post was not saved. Please fix the errors below.",
    }], c.name);
    const fieldErrors = [
      ...html.matchAll(/<p class="field-error"[^>]*>([^<]*)</g),
    ]
      .map((m) => m[1]);
    deepStrictEqual(fieldErrors, c.errors, c.name);
    match(html, /<div class="field"\s+data-invalid(?:="")?>/, c.name);
    if (c.kept) ok(html.includes(c.kept), `${c.name}: typed value kept`);
  }
  // The error messages were for those pages only: nothing is pending.
  const { html } = await alice.get("/posts");
  deepStrictEqual(banners(html), []);
});

Deno.test("POST /posts at the limits saves (120-character title, 10,000-character body)", async () => {
  const alice = await signIn(ALICE);
  const title = uniqueTitle("Max").padEnd(120, "x");
  const res = await alice.post("/posts", { title, body: "b".repeat(10_000) });
  strictEqual(res.status, 303);
});

Deno.test("POST /posts refuses an oversized body (413) and a wrong content type (415)", async () => {
  const alice = await signIn(ALICE);
  const huge = await alice.post("/posts", {
    title: "Too big",
    body: "b".repeat(65 * 1024),
  });
  strictEqual(huge.status, 413);
  const json = await alice.fetch("/posts", {
    method: "POST",
    body: JSON.stringify({ title: "JSON", body: "" }),
    headers: { "content-type": "application/json" },
  });
  await json.body?.cancel();
  strictEqual(json.status, 415);
  const edit = await alice.post(
    `/posts/${await createPost(alice, uniqueTitle("Limits"))}/edit`,
    { title: "x", body: "b".repeat(65 * 1024) },
  );
  strictEqual(edit.status, 413);
});

Deno.test("unknown and malformed ids are 404 on every post route", async () => {
  const alice = await signIn(ALICE);
  for (const id of BAD_IDS) {
    for (const path of [`/posts/${id}`, `/posts/${id}/edit`]) {
      const { res, html } = await alice.get(path);
      strictEqual(res.status, 404, `GET ${path}`);
      match(html, /Page not found/, `GET ${path}`);
    }
    const edit = await alice.post(`/posts/${id}/edit`, {
      title: "x",
      body: "",
      version: "0".repeat(20),
    });
    strictEqual(edit.status, 404, `POST /posts/${id}/edit`);
    const del = await alice.post(`/posts/${id}/delete`);
    strictEqual(del.status, 404, `POST /posts/${id}/delete`);
  }
  // A malformed id is a 404 for visitors too, never a login redirect whose
  // `next` would carry it.
  const anon = visitor();
  for (const id of BAD_IDS.slice(1)) {
    const edit = await anon.fetch(`/posts/${id}/edit`);
    await edit.body?.cancel();
    strictEqual(edit.status, 404, `visitor GET /posts/${id}/edit`);
    strictEqual((await anon.post(`/posts/${id}/delete`)).status, 404);
  }
});

Deno.test("a title with markup is shown as text in the list, the page and the form", async () => {
  const alice = await signIn(ALICE);
  const payload = `<script>alert(1)</script> ${crypto.randomUUID()}`;
  const id = await createPost(alice, payload, `<img src=x onerror=alert(2)>`);
  const escaped = escapeHtml(payload);
  for (const path of ["/posts", `/posts/${id}`, `/posts/${id}/edit`]) {
    const { html } = await alice.get(path);
    ok(!html.includes("<script>alert(1)</script>"), `${path}: no live script`);
    ok(html.includes(escaped), `${path}: shown as text`);
  }
  const { html } = await alice.get(`/posts/${id}`);
  ok(!html.includes("<img src=x"), "the body is text too");
  ok(html.includes(escapeHtml("<img src=x onerror=alert(2)>")));
});

Deno.test("GET and POST /posts/:id/edit update the post with Post updated.", async () => {
  const alice = await signIn(ALICE);
  const id = await createPost(alice, uniqueTitle("Before"), "old text");
  const { res: formRes, html: form } = await alice.get(`/posts/${id}/edit`);
  strictEqual(formRes.status, 200);
  strictEqual(titleOf(form), "Edit post · Deno Shop");
  ok(form.includes("old text"), "the form holds the current text");
  const title = uniqueTitle("After");
  const res = await alice.post(`/posts/${id}/edit`, {
    title,
    body: "new text",
    version: versionOf(form),
  });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), `/posts/${id}`);
  const { html } = await alice.follow(res);
  deepStrictEqual(banners(html), [{ tags: "success", text: "Post updated." }]);
  match(html, new RegExp(`<h1>${escapeRe(title)}</h1>`));
  match(html, /new text/);
  match(html, /edited <time/);
  deepStrictEqual(banners((await alice.get(`/posts/${id}`)).html), []);
});

Deno.test("POST /posts/:id/edit validation failures answer 422 and change nothing", async () => {
  const alice = await signIn(ALICE);
  const original = uniqueTitle("Unchanged");
  const id = await createPost(alice, original, "body");
  const version = versionOf((await alice.get(`/posts/${id}/edit`)).html);
  const cases: Record<string, string>[] = [
    { title: "", body: "typed body", version },
    { title: "t".repeat(121), body: "typed body", version },
    { title: "ok", body: "b".repeat(10_001), version },
    { version },
  ];
  for (const fields of cases) {
    const res = await alice.fetch(`/posts/${id}/edit`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const html = await res.text();
    strictEqual(res.status, 422);
    deepStrictEqual(banners(html), [{
      tags: "error",
      text: "Your changes were not saved. Please fix the errors below.",
    }]);
    strictEqual(versionOf(html), version, "the form keeps its version");
    if (fields.body === "typed body") ok(html.includes("typed body"));
  }
  const { html } = await visitor().get(`/posts/${id}`);
  match(html, new RegExp(`<h1>${escapeRe(original)}</h1>`));
});

Deno.test("a concurrent edit is refused with 409 and an error message", async () => {
  const alice = await signIn(ALICE);
  const id = await createPost(alice, uniqueTitle("Shared"));
  // Two tabs open the edit form.
  const version = versionOf((await alice.get(`/posts/${id}/edit`)).html);
  const first = uniqueTitle("Tab one");
  strictEqual(
    (await alice.post(`/posts/${id}/edit`, { title: first, body: "", version }))
      .status,
    303,
  );
  await alice.get(`/posts/${id}`); // shows and consumes "Post updated."
  const res = await alice.fetch(`/posts/${id}/edit`, {
    method: "POST",
    body: new URLSearchParams({ title: "Tab two", body: "mine", version }),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const html = await res.text();
  strictEqual(res.status, 409);
  deepStrictEqual(banners(html).map((b) => b.tags), ["error"]);
  match(banners(html)[0].text, /changed after you opened it/);
  ok(html.includes('value="Tab two"'), "the typed title is kept");
  ok(html.includes(first), "the saved version is shown");
  ok(versionOf(html) !== version, "saving again is based on the new version");
  match(
    (await visitor().get(`/posts/${id}`)).html,
    new RegExp(escapeRe(first)),
  );

  // A form without any version never overwrites either.
  const bare = await alice.post(`/posts/${id}/edit`, { title: "No version" });
  strictEqual(bare.status, 409);
});

Deno.test("only the author may edit or delete (403); visitors are sent to sign in", async () => {
  const alice = await signIn(ALICE);
  const bob = await signIn(BOB);
  const title = uniqueTitle("Alice's");
  const id = await createPost(alice, title);
  const version = versionOf((await alice.get(`/posts/${id}/edit`)).html);

  const form = await bob.get(`/posts/${id}/edit`);
  strictEqual(form.res.status, 403);
  match(form.html, /You can only change your own posts\./);
  const edit = await bob.post(`/posts/${id}/edit`, {
    title: "Bob was here",
    body: "",
    version,
  });
  strictEqual(edit.status, 403);
  const del = await bob.post(`/posts/${id}/delete`);
  strictEqual(del.status, 403);
  const bobView = await bob.get(`/posts/${id}`);
  ok(!bobView.html.includes("/delete"), "no delete button for others");

  const anon = visitor();
  const anonEdit = await anon.fetch(`/posts/${id}/edit`);
  strictEqual(anonEdit.status, 303);
  strictEqual(
    anonEdit.headers.get("location"),
    `/login?next=/posts/${id}/edit`,
  );
  const anonPost = await anon.post(`/posts/${id}/edit`, { title: "Anon" });
  strictEqual(anonPost.status, 303);
  const anonDelete = await anon.post(`/posts/${id}/delete`);
  strictEqual(anonDelete.status, 303);
  strictEqual(
    anonDelete.headers.get("location"),
    `/login?next=/posts/${id}`,
  );

  const { html } = await visitor().get(`/posts/${id}`);
  match(html, new RegExp(`<h1>${escapeRe(title)}</h1>`), "unchanged");
});

Deno.test("POST /posts/:id/delete deletes with Post deleted.", async () => {
  const alice = await signIn(ALICE);
  const title = uniqueTitle("Doomed");
  const id = await createPost(alice, title);
  const res = await alice.post(`/posts/${id}/delete`);
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/posts");
  const { html } = await alice.follow(res);
  deepStrictEqual(banners(html), [{ tags: "success", text: "Post deleted." }]);
  ok(!html.includes(title));
  strictEqual((await alice.get(`/posts/${id}`)).res.status, 404);
  strictEqual((await alice.post(`/posts/${id}/delete`)).status, 404);
  const get = await alice.fetch(`/posts/${id}/delete`);
  await get.body?.cancel();
  strictEqual(get.status, 405, "deleting takes a POST");
});

Deno.test("a cross-site POST cannot create, edit or delete", async () => {
  const alice = await signIn(ALICE);
  const id = await createPost(alice, uniqueTitle("Target"));
  const evil = { origin: "https://attacker.example" };
  strictEqual((await alice.post("/posts", { title: "x" }, evil)).status, 403);
  strictEqual(
    (await alice.post(`/posts/${id}/edit`, { title: "x" }, evil)).status,
    403,
  );
  strictEqual((await alice.post(`/posts/${id}/delete`, {}, evil)).status, 403);
  strictEqual((await visitor().get(`/posts/${id}`)).res.status, 200);
});
