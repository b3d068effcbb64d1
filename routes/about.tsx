import { signal } from "@preact/signals-core";
import { Head } from "$fresh/runtime.ts";
import { CellLabel } from "../components/CellLabel.tsx";
import Counter from "../islands/Counter.tsx";
import type { RouteConfig } from "$fresh/server.ts";

export const config: RouteConfig = { csp: true };

/** Explains, with this shop as the example, how a web app remembers you. */
export default function About() {
  const count = signal(3);
  return (
    <>
      <Head>
        <title>How it works · Deno Shop</title>
        <meta
          name="description"
          content="Sessions, cookies and flash messages, explained with this shop"
        />
      </Head>
      <section class="hero">
        <h1>How this shop remembers you</h1>
        <p>
          HTTP is stateless: the server forgets you after every reply. Two tools
          work together so that your cart is still there on the next click.
        </p>
      </section>
      <section class="card">
        <h2>Cookie and session</h2>
        <table class="table labelled-table">
          <thead>
            <tr>
              <td></td>
              <th scope="col">Cookie</th>
              <th scope="col">Session</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Lives</th>
              <td>
                <CellLabel>Cookie</CellLabel>
                in your browser
              </td>
              <td>
                <CellLabel>Session</CellLabel>
                on the server, in Deno KV
              </td>
            </tr>
            <tr>
              <th scope="row">Holds</th>
              <td>
                <CellLabel>Cookie</CellLabel>
                a random id, nothing else
              </td>
              <td>
                <CellLabel>Session</CellLabel>
                your cart, recently viewed products, checkout, login
              </td>
            </tr>
            <tr>
              <th scope="row">Safe for secrets</th>
              <td>
                <CellLabel>Cookie</CellLabel>
                no: you can read and change it
              </td>
              <td>
                <CellLabel>Session</CellLabel>
                yes: it never leaves the server
              </td>
            </tr>
          </tbody>
        </table>
        <p>
          <strong>
            Where is the session data stored, and what goes in the cookie?
          </strong>{" "}
          The data is stored server-side; only a random session id goes in the
          cookie. Even that id is stored hashed, so a copy of the database holds
          no usable session ids.
        </p>
      </section>
      <section class="card">
        <h2>Flash messages</h2>
        <p>
          After you add something to your cart or save a post, the server queues
          a one-time message in your session and redirects you. The next page
          shows it once; reload and it is gone.
        </p>
      </section>
      <section class="card">
        <h2>Islands</h2>
        <p>
          Pages are plain HTML rendered on the server. Only interactive parts
          such as this counter ship JavaScript.
        </p>
        <Counter count={count} />
      </section>
    </>
  );
}
