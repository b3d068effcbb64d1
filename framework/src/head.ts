/**
 * HEAD answers: a GET's status and headers without its content.
 *
 * @module
 */

/**
 * The answer to a HEAD request: the GET's status and headers, no content
 * (RFC 9110 §9.3.2), and the GET's `Content-Length` (§8.6) when the body
 * can be measured. Rebuilding the response with a null body would make
 * `Deno.serve` send `Content-Length: 0`, which misstates the GET.
 */
export function stripBodyForHead(
  req: Request,
  response: Response,
): Response | Promise<Response> {
  if (
    req.method !== "HEAD" || response.body === null ||
    UNMEASURED.has(response.body)
  ) return response;
  return headAnswer(response, response.body);
}

/** Empty bodies of HEAD answers sent without a length: not measured again. */
const UNMEASURED = new WeakSet<ReadableStream>();

/** Bodies longer than this are not read for a HEAD; no length is sent. */
const HEAD_MEASURE_LIMIT = 8 * 1024 * 1024;

async function headAnswer(
  response: Response,
  body: ReadableStream<Uint8Array>,
): Promise<Response> {
  const headers = new Headers(response.headers);
  const init = { status: response.status, statusText: response.statusText };
  if (headers.has("content-length")) {
    body.cancel();
    return new Response(null, { ...init, headers });
  }
  const length = await measure(body, HEAD_MEASURE_LIMIT);
  if (length === null) {
    // An empty stream, unlike `null`, makes the server send no length.
    const empty = new ReadableStream({ start: (c) => c.close() });
    UNMEASURED.add(empty);
    return new Response(empty, { ...init, headers });
  }
  headers.set("content-length", String(length));
  return new Response(null, { ...init, headers });
}

/** The byte length of `body`, or `null` past `limit` (then cancelled). */
async function measure(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<number | null> {
  const reader = body.getReader();
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return length;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel();
      return null;
    }
  }
}
