import type { PageProps } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";
import { SiteFooter } from "../components/SiteFooter.tsx";
import { SiteHeader } from "../components/SiteHeader.tsx";
import FlashMessages from "../islands/FlashMessages.tsx";
import { useAppCsp } from "../utils/http/security_headers.ts";
import { getMessages } from "../utils/messages/mod.ts";
import type { State } from "../utils/state.ts";

export default function App(
  { Component, state }: PageProps<unknown, Partial<State>>,
) {
  useAppCsp();
  const messages = getMessages({ state });
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Deno Shop</title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
        <link rel="stylesheet" href={asset("/messages.css")} />
      </head>
      <body>
        <SiteHeader state={state} />
        <main class="page">
          {
            /* Rendered when there is something to show, or when the page has
            islands that may push messages; other pages ship no JavaScript. */
          }
          {(messages.length > 0 || state.liveCart) && (
            <FlashMessages messages={messages} />
          )}
          <Component />
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
