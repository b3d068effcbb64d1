import { useLayoutEffect } from "preact/hooks";
import { HYDRATED_ATTRIBUTE } from "../utils/hydration.ts";
import { pushMessages } from "../utils/messages/client.ts";
import { liveCartCount } from "../utils/shop/live_cart.ts";

/** What `POST /cart/add` answers to `Accept: application/json`. */
interface AddResponse {
  cartCount: number;
  messages: unknown[];
}

/** The forms {@linkcode CartForms} takes over. */
export const ADD_TO_CART_SELECTOR = "form[data-add-to-cart]";

/** Forms whose add is in flight; repeat presses are ignored meanwhile. */
const busy = new WeakSet<HTMLFormElement>();

/** The button text while an add is in flight. */
const PENDING_LABEL = "Adding…";

/** The visible labels the pending text replaced, to put back afterwards. */
const labels = new WeakMap<Element, string>();

function setBusy(form: HTMLFormElement, on: boolean): void {
  if (on) busy.add(form);
  else busy.delete(form);
  // Not `disabled`: disabling the focused button drops keyboard focus to
  // <body>. aria-disabled says "busy" to assistive tech and keeps focus;
  // the `busy` guard in onSubmit ignores repeat presses. The result is
  // announced by the banners' live regions.
  for (const button of form.querySelectorAll("button[type=submit]")) {
    const label = button.querySelector("[data-add-label]");
    if (on) {
      button.setAttribute("aria-disabled", "true");
      if (label) {
        labels.set(label, label.textContent ?? "");
        label.textContent = PENDING_LABEL;
      }
    } else {
      button.removeAttribute("aria-disabled");
      const text = label && labels.get(label);
      if (label && text !== undefined) label.textContent = text;
    }
  }
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (event.defaultPrevented || !form.matches(ADD_TO_CART_SELECTOR)) return;
  event.preventDefault();
  if (busy.has(form)) return;
  setBusy(form, true);
  try {
    const res = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(
        new FormData(form) as unknown as Record<string, string>,
      ),
      headers: { accept: "application/json" },
    });
    const type = res.headers.get("content-type") ?? "";
    if (!type.includes("application/json")) throw new Error(res.statusText);
    const body = await res.json() as AddResponse;
    liveCartCount.value = body.cartCount;
    pushMessages(body.messages);
  } catch {
    // Whatever went wrong, the plain form still works.
    form.submit();
  } finally {
    setBusy(form, false);
  }
}

/**
 * Makes every add-to-cart form on the page (`form[data-add-to-cart]`, see
 * components/AddToCartForm.tsx) post with `fetch` once hydrated, then
 * update the header badge and show the message without a page load. One
 * instance per page serves all forms by event delegation, so the forms
 * themselves stay plain server HTML; before hydration, or without
 * JavaScript, they are ordinary POST → 303 forms.
 *
 * It renders nothing. The listener is attached in a layout effect, which
 * Preact runs synchronously when the island first renders, and the forms
 * are marked `data-hydrated="true"` only once submits are intercepted.
 */
export default function CartForms() {
  useLayoutEffect(() => {
    const listener = (event: Event) => void onSubmit(event as SubmitEvent);
    document.addEventListener("submit", listener);
    for (const form of document.querySelectorAll(ADD_TO_CART_SELECTOR)) {
      form.setAttribute(HYDRATED_ATTRIBUTE, "true");
    }
    return () => document.removeEventListener("submit", listener);
  }, []);
  return null;
}
