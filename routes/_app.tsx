import type { PageProps } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";
import { SiteFooter } from "../components/SiteFooter.tsx";
import { SiteHeader } from "../components/SiteHeader.tsx";

export default function App({ Component }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Deno Shop</title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body>
        <SiteHeader />
        <main class="page">
          <Component />
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
