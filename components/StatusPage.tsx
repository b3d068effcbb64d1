import { asset } from "$fresh/runtime.ts";
import type { StatusPageProps } from "../utils/http/status_page.ts";

/**
 * A complete, self-contained page for an HTTP error answered outside a
 * route's own page (403 cross-site, 413, 415, 503). It needs no state and
 * no script, so it renders even when the session store is down.
 */
export function StatusPage({ status, title, message }: StatusPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Deno Shop`}</title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body>
        <header class="site-header">
          <a class="brand" href="/">Deno Shop</a>
        </header>
        <main class="page">
          <section class="card error-page">
            <p class="muted">Error {status}</p>
            <h1>{title}</h1>
            <p>{message}</p>
            <p>
              <a href="/">Back to the catalogue</a>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
