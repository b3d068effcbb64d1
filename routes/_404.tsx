import type { PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";

export const config: RouteConfig = { csp: true };

export default function NotFound({ url }: PageProps) {
  return (
    <section class="card error-page">
      <Head>
        <title>Page not found · Deno Shop</title>
      </Head>
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{url.pathname}</code>.
      </p>
      <p>
        <a href="/">Back to the catalogue</a>
      </p>
    </section>
  );
}
