import { deepStrictEqual, rejects, strictEqual } from "node:assert";
import fc from "fast-check";
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

Deno.test("readForm checks the size it read, whatever Content-Length claimed", async () => {
  const type = "application/x-www-form-urlencoded";
  strictEqual(await status(post("a=" + "x".repeat(100), type, "3"), 50), 413);
  strictEqual(await status(post("a=" + "x".repeat(10), type, "12"), 50), 200);
});

Deno.test("readForm reads url-encoded bytes exactly as Response.formData() does", async () => {
  const type = "application/x-www-form-urlencoded";
  // Bodies made of the characters that matter to the parser, plus arbitrary
  // bytes (invalid UTF-8 included).
  const piece = fc.oneof(
    fc.constantFrom(
      "&",
      "=",
      "+",
      "%",
      "%2",
      "%41",
      "%zz",
      "%E2%82",
      "é",
      "\u{1F600}",
    ),
    fc.string({ maxLength: 4 }),
  );
  const text = fc.oneof(
    fc.array(piece, { maxLength: 12 }).map((parts) =>
      new TextEncoder().encode(parts.join(""))
    ),
    fc.uint8Array({ maxLength: 40 }),
  );
  // Sometimes behind a UTF-8 byte order mark, which both must keep.
  const body = fc.tuple(fc.boolean(), text).map(([bom, bytes]) =>
    bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) : bytes
  );
  await fc.assert(
    fc.asyncProperty(body, async (bytes) => {
      const expected = [
        ...await new Response(bytes, { headers: { "content-type": type } })
          .formData(),
      ];
      const declared = await readForm(
        post(bytes, type, String(bytes.byteLength)),
      );
      const streamed = await readForm(post(bytes, type));
      deepStrictEqual([...declared], expected);
      deepStrictEqual([...streamed], expected);
    }),
    { numRuns: 300 },
  );
});

// A raw byte and the percent-escapes after it are one UTF-8 sequence: the
// form parser percent-decodes first, then reads UTF-8
// (https://url.spec.whatwg.org/#urlencoded-parsing).
Deno.test("readForm decodes a raw byte completed by percent-escapes as one character", async () => {
  const type = "application/x-www-form-urlencoded";
  for (
    const bytes of [
      [0xc2, 0x25, 0x38, 0x30], // 0xC2 then "%80": U+0080
      [0x61, 0x3d, 0xe2, 0x25, 0x38, 0x32, 0x25, 0x41, 0x43], // a=€
      [0x25, 0x43, 0x33, 0xa9], // "%C3" then 0xA9: é
    ]
  ) {
    const body = new Uint8Array(bytes);
    const expected = [
      ...await new Response(body, { headers: { "content-type": type } })
        .formData(),
    ];
    const form = await readForm(post(body, type, String(body.byteLength)));
    deepStrictEqual([...form], expected);
  }
});

Deno.test("readForm answers 400 when the body stops short, declared or streamed", async () => {
  const type = "application/x-www-form-urlencoded";
  const cutShort = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("product_id=note"));
        controller.error(new Error("connection reset"));
      },
    });
  strictEqual(await status(post(cutShort(), type, "100")), 400);
  strictEqual(await status(post(cutShort(), type)), 400);
});
