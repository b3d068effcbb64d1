import { rejects, strictEqual } from "node:assert";
import { field, readForm } from "../../../utils/http/forms.ts";
import { HttpError } from "../../../utils/http/http_error.ts";

function post(body: BodyInit | null, type?: string, length?: string) {
  const headers = new Headers();
  if (type) headers.set("content-type", type);
  if (length) headers.set("content-length", length);
  return new Request("http://localhost/x", { method: "POST", body, headers });
}

async function status(req: Request, maxBytes?: number): Promise<number> {
  try {
    await readForm(req, { maxBytes });
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

Deno.test("readForm parses url-encoded and multipart forms", async () => {
  const urlencoded = await readForm(
    post("a=1&b=%3Cx%3E", "application/x-www-form-urlencoded"),
  );
  strictEqual(field(urlencoded, "b"), "<x>");
  const data = new FormData();
  data.set("title", "  Hello  ");
  const multipart = await readForm(
    new Request("http://localhost/x", { method: "POST", body: data }),
  );
  strictEqual(field(multipart, "title"), "Hello");
  strictEqual(field(multipart, "missing"), "");
});

Deno.test("readForm refuses other content types with 415", async () => {
  for (
    const type of [undefined, "application/json", "text/plain", "text/html"]
  ) {
    strictEqual(await status(post("a=1", type)), 415, String(type));
  }
});

Deno.test("readForm refuses oversized bodies with 413, declared or streamed", async () => {
  const type = "application/x-www-form-urlencoded";
  strictEqual(await status(post("a=" + "x".repeat(100), type), 50), 413);
  strictEqual(await status(post("a=1", type, "999999"), 50), 413);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 10; i++) {
        controller.enqueue(new TextEncoder().encode("a=" + "x".repeat(20)));
      }
      controller.close();
    },
  });
  strictEqual(await status(post(stream, type), 50), 413);
});

Deno.test("a file upload where text is expected reads as empty", async () => {
  const data = new FormData();
  data.set("title", new File(["x"], "x.txt"));
  const form = await readForm(
    new Request("http://localhost/x", { method: "POST", body: data }),
  );
  strictEqual(field(form, "title"), "");
  await rejects(
    readForm(post("%", "multipart/form-data; boundary=x")),
    HttpError,
  );
});
