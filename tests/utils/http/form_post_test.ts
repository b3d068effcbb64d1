import { rejects, strictEqual } from "node:assert";
import type { FreshContext } from "$fresh/server.ts";
import { formPost } from "../../../utils/http/form_post.ts";
import { HttpError } from "../../../utils/http/http_error.ts";

const ctx = { state: { who: "ada" } } as unknown as FreshContext<
  { who: string }
>;

function post(body: BodyInit, type: string): Request {
  return new Request("http://localhost/x", {
    method: "POST",
    body,
    headers: { "content-type": type },
  });
}

Deno.test("formPost hands the action the parsed form and the context", async () => {
  const handler = formPost<{ who: string }>((form, context) =>
    new Response(`${context.state.who}:${form.get("product_id")}`)
  );
  const res = await handler.POST!(
    post("product_id=mug", "application/x-www-form-urlencoded"),
    ctx,
  );
  strictEqual(await res.text(), "ada:mug");
});

Deno.test("formPost refuses a body that is not a form before the action runs", async () => {
  let ran = false;
  const handler = formPost<{ who: string }>(() => {
    ran = true;
    return new Response("ran");
  });
  await rejects(
    async () => await handler.POST!(post("{}", "application/json"), ctx),
    (error) => error instanceof HttpError && error.status === 415,
  );
  strictEqual(ran, false);
});
