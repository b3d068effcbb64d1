/**
 * Reads HTML form bodies with limits: a body over the size limit is a 413,
 * and anything but a form encoding (JSON, text, none) is a 415, each before
 * any handler logic runs.
 *
 * @module
 */
import { HttpError } from "./http_error.ts";

/** The largest form body the app accepts. */
export const MAX_FORM_BYTES = 64 * 1024;

const URL_ENCODED = "application/x-www-form-urlencoded";
const FORM_TYPES = [URL_ENCODED, "multipart/form-data"];
// The form parser keeps a leading byte order mark as part of the first
// name; TextDecoder would drop it unless told not to.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Options of {@linkcode readForm}. */
export interface ReadFormOptions {
  /** @default MAX_FORM_BYTES (64 KiB) */
  maxBytes?: number;
}

/**
 * Parses the request body as a form.
 *
 * @throws {HttpError} 415 for other content types, 413 for oversized bodies,
 * 400 for a body that does not parse or stops short.
 */
export async function readForm(
  req: Request,
  options: ReadFormOptions = {},
): Promise<FormData> {
  const maxBytes = options.maxBytes ?? MAX_FORM_BYTES;
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim()
    .toLowerCase();
  if (!FORM_TYPES.includes(type)) {
    await req.body?.cancel();
    throw new HttpError(
      415,
      "This form expects an HTML form submission.",
    );
  }
  const length = req.headers.get("content-length");
  const declared = length === null ? NaN : Number(length);
  if (declared > maxBytes) {
    await req.body?.cancel();
    throw tooLarge(maxBytes);
  }
  // With a Content-Length within the limit, the HTTP layer delivers no
  // more than that, so the runtime may read the body whole, on a path much
  // cheaper than a stream reader's (checked again after, for in-process
  // callers whose header need not match). Without one, count as bytes come.
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Number.isInteger(declared) && declared >= 0
      ? await req.bytes()
      : await readLimited(req.body, maxBytes);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // The client stopped sending before the body was complete.
    throw new HttpError(
      400,
      "The form did not arrive whole. Please try again.",
    );
  }
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  if (type === URL_ENCODED && isAscii(bytes)) return parseUrlEncoded(bytes);
  try {
    return await new Response(bytes, {
      headers: { "content-type": req.headers.get("content-type")! },
    }).formData();
  } catch {
    throw new HttpError(400, "The form could not be read.");
  }
}

/** A form field as trimmed text; missing or non-text fields give "". */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** A form field exactly as sent (no trimming), or "" when missing. */
export function rawField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

// The parser `Response.formData()` applies to this type too, without a
// Response and a second parse of the Content-Type: a third of the cost.
// ASCII bodies only: the spec percent-decodes bytes before reading UTF-8, so
// a raw byte completed by escapes must go through the full parser
// (https://url.spec.whatwg.org/#urlencoded-parsing).
function parseUrlEncoded(bytes: Uint8Array): FormData {
  const form = new FormData();
  // The constructor drops a leading "?" (it expects a URL's query); the
  // form parser does not. A leading "&" is an empty pair, which both skip.
  const text = "&" + utf8.decode(bytes);
  for (const [name, value] of new URLSearchParams(text)) {
    form.append(name, value);
  }
  return form;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

// Counts bytes as they arrive, so a chunked body without Content-Length
// is cut off at the limit instead of being buffered whole.
async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await body.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    `That form was too large. Forms are limited to ${
      Math.round(maxBytes / 1024)
    } KiB.`,
  );
}
