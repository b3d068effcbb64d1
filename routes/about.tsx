import { useSignal } from "@preact/signals";
import { Head } from "$fresh/runtime.ts";
import Counter from "../islands/Counter.tsx";

export default function Home() {
  const count = useSignal(3);
  return (
    <>
      <Head>
        <meta name="description" content="A shop built on Deno KV sessions" />
      </Head>
      <section class="hero">
        <h1>Welcome to Deno Shop</h1>
        <p>
          HTTP forgets you after every reply. This shop remembers your cart with
          a server-side session: the cookie only carries a random id.
        </p>
      </section>
      <section class="card">
        <h2>An island</h2>
        <p>
          The rest of this page is plain HTML; only this counter ships
          JavaScript.
        </p>
        <Counter count={count} />
      </section>
    </>
  );
}
