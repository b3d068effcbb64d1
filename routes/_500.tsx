import { Head } from "$fresh/runtime.ts";

// The error itself is logged on the server; the visitor never sees it.
export default function ServerError() {
  return (
    <section class="card error-page">
      <Head>
        <title>Something went wrong · Deno Shop</title>
      </Head>
      <h1>Something went wrong</h1>
      <p>
        We hit an error on our side. Please try again in a moment.
      </p>
      <p>
        <a href="/">Back to the catalogue</a>
      </p>
    </section>
  );
}
