/**
 * The pending flash messages as dismissible banners: the only client-side
 * part of the messages framework. The server renders the banners (so they
 * show without JavaScript); in the browser the island adds dismissal,
 * auto-hide and messages pushed by other islands (`pushMessages`).
 *
 * Choices:
 * - Live regions: the banners go into two containers rendered (empty, if
 *   need be) by the server, so they are in the page before any message is
 *   added: a `role="status"` / `aria-live="polite"` region for success,
 *   info, debug and custom levels below WARNING, and a `role="alert"` /
 *   `aria-live="assertive"` region for warning, error and higher. Screen
 *   readers announce content added to a live region that already exists;
 *   a new element that is itself a live region is often not announced at
 *   all. Banners carry no role of their own
 *   (nested live regions are announced twice, or not at all).
 * - Placement: banners the server rendered stay where they are, at the top
 *   of the page content. Banners that islands push without a page load
 *   (`pushMessages`, e.g. after "Add to cart") go into a second pair of
 *   live regions pinned to the viewport, so they show wherever the page is
 *   scrolled. Both pairs are rendered by the server, empty if need be.
 * - History: a page that Back or Forward restores from the browser's
 *   back/forward cache drops its banners, which were seen already. A page
 *   that history renders anew gets no banner either, as the messages were
 *   consumed when first shown.
 * - Own tab: a page reached through a claimed redirect (`?_flash=…`, see
 *   utils/messages/claims.ts) drops the claim from its address once shown.
 * - A message's action (e.g. "Undo") is a plain form inside its banner,
 *   so it posts the same with or without JavaScript.
 * - Focus after a dismissal moves to the next banner's dismiss button,
 *   else the previous one's, else to `<main>` (made focusable with
 *   `tabindex="-1"`), the start of the page content. Focus moves only if it
 *   was inside the banner being removed.
 * - Auto-hide: only levels from INFO up to below WARNING (info, success)
 *   without an action hide themselves, after `autoHideMs`; hovering, focus inside the banner,
 *   or a hidden tab pause the countdown. Debug, warning and error banners
 *   stay until dismissed. With `prefers-reduced-motion: reduce` nothing
 *   animates and nothing auto-hides: a banner vanishing on a timer is
 *   unexpected motion, and people who ask for less motion often want more
 *   time too (WCAG 2.2.1), so the banner waits for them.
 *
 * @module
 */
import { IS_BROWSER } from "$fresh/runtime.ts";
import { useEffect, useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import {
  dismissMessage,
  flashMessages,
  type Placement,
  pushMessages,
  type ShownMessage,
} from "../utils/messages/client.ts";
import { useHydrated } from "../utils/hydration.ts";
import { CLAIM_PARAM } from "../utils/messages/claims.ts";
import { INFO, WARNING } from "../utils/messages/levels.ts";
import type { FlashMessage } from "../utils/messages/message.ts";
import { useSignalValue } from "../utils/use_signal_value.ts";

/** Props of {@linkcode FlashMessages}. */
export interface FlashMessagesProps {
  /** The page's messages, from `getMessages(props)`. */
  messages: FlashMessage[];
  /**
   * Milliseconds after which info and success banners hide themselves;
   * `0` turns auto-hide off.
   * @default 6000
   */
  autoHideMs?: number;
}

/** The default of `autoHideMs`. */
export const DEFAULT_AUTO_HIDE_MS = 6000;

/** Renders the banners; see the module documentation for the choices. */
export default function FlashMessages(
  { messages, autoHideMs = DEFAULT_AUTO_HIDE_MS }: FlashMessagesProps,
) {
  const root = useRef<HTMLDivElement>(null);
  const hydrated = useHydrated();
  // In the browser the banners live in the shared signal, seeded once from
  // the props. On the server the signal is process-wide and never written,
  // so the banners come from the props.
  useState(() => {
    if (IS_BROWSER) pushMessages(messages, "page");
  });
  const shownInBrowser = useSignalValue(flashMessages);
  // A page restored from the back/forward cache comes back as it was left,
  // banners included, though each was already seen (and maybe dismissed).
  useEffect(() => {
    // The claim in the URL led this tab to its messages; a reload or a
    // bookmark does not need it.
    const url = new URL(location.href);
    if (url.searchParams.has(CLAIM_PARAM)) {
      url.searchParams.delete(CLAIM_PARAM);
      history.replaceState(history.state, "", url);
    }
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) flashMessages.value = [];
    };
    addEventListener("pageshow", onPageShow);
    return () => removeEventListener("pageshow", onPageShow);
  }, []);
  const list: readonly ShownMessage[] = IS_BROWSER
    ? shownInBrowser
    : messages.map((m) => ({ ...m, placement: "page" }));

  function dismiss(id: string, banner: HTMLElement | null) {
    if (banner?.contains(document.activeElement)) {
      const shown = inDisplayOrder(flashMessages.value);
      const index = shown.findIndex((m) => m.id === id);
      const neighbour = shown[index + 1] ?? shown[index - 1];
      const button = neighbour &&
        root.current?.querySelector<HTMLElement>(
          `[data-flash-id="${CSS.escape(neighbour.id)}"] .flash__dismiss`,
        );
      if (button) button.focus();
      else focusMain();
    }
    dismissMessage(id);
  }

  const regions = (placement: Placement) => {
    const here = list.filter((m) => m.placement === placement);
    const banners = (urgent: boolean) =>
      here.filter((m) => (m.level >= WARNING) === urgent).map((message) => (
        <Banner
          key={message.id}
          message={message}
          autoHideMs={autoHideMs}
          onDismiss={dismiss}
        />
      ));
    return (
      <>
        <div
          class="flash-region"
          role="status"
          aria-live="polite"
          data-flash-region="polite"
        >
          {banners(false)}
        </div>
        <div
          class="flash-region"
          role="alert"
          aria-live="assertive"
          data-flash-region="assertive"
        >
          {banners(true)}
        </div>
      </>
    );
  };

  return (
    <div class="flash-host" ref={root} data-hydrated={String(hydrated)}>
      <div class="flash-stack">{regions("page")}</div>
      <div class="flash-stack flash-stack--viewport">
        {regions("viewport")}
      </div>
    </div>
  );
}

/** The banners in the order the regions show them: page first, calm first. */
function inDisplayOrder(list: readonly ShownMessage[]): ShownMessage[] {
  const order = (m: ShownMessage) =>
    (m.placement === "page" ? 0 : 2) + (m.level >= WARNING ? 1 : 0);
  return list.map((m, i) => ({ m, i }))
    .sort((a, b) => order(a.m) - order(b.m) || a.i - b.i)
    .map(({ m }) => m);
}

function focusMain() {
  const main = document.querySelector<HTMLElement>("main");
  if (!main) return;
  if (!main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
  main.focus();
}

interface BannerProps {
  message: FlashMessage;
  autoHideMs: number;
  onDismiss(id: string, banner: HTMLElement | null): void;
}

function Banner({ message, autoHideMs, onDismiss }: BannerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const urgent = message.level >= WARNING;
  // A banner with an action (an "Undo") stays: hiding it would take the
  // action away on a timer.
  const autoHide = autoHideMs > 0 && message.level >= INFO && !urgent &&
    !message.action;

  useEffect(() => {
    const el = ref.current;
    if (!autoHide || !el) return;
    if (matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    let remaining = autoHideMs;
    let startedAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let hovered = false;
    let focused = false;
    const run = () => {
      if (timer !== undefined || hovered || focused || document.hidden) return;
      startedAt = Date.now();
      timer = setTimeout(() => onDismiss(message.id, el), remaining);
    };
    const pause = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      remaining -= Date.now() - startedAt;
    };
    const listeners: [EventTarget, string, (event: Event) => void][] = [
      [el, "mouseenter", () => {
        hovered = true;
        pause();
      }],
      [el, "mouseleave", () => {
        hovered = false;
        run();
      }],
      [el, "focusin", () => {
        focused = true;
        pause();
      }],
      [el, "focusout", (event) => {
        const next = (event as FocusEvent).relatedTarget;
        if (next instanceof Node && el.contains(next)) return;
        focused = false;
        run();
      }],
      [document, "visibilitychange", () => document.hidden ? pause() : run()],
    ];
    for (const [target, type, fn] of listeners) {
      target.addEventListener(type, fn);
    }
    run();
    return () => {
      clearTimeout(timer);
      for (const [target, type, fn] of listeners) {
        target.removeEventListener(type, fn);
      }
    };
  }, [message.id, autoHide, autoHideMs]);

  return (
    <div
      ref={ref}
      class={message.tags ? `flash ${message.tags}` : "flash"}
      data-flash-id={message.id}
    >
      <span class="flash__icon" aria-hidden="true">
        <LevelIcon tag={message.levelTag} />
      </span>
      <p class="flash__text">{message.text}</p>
      {message.action && (
        // A plain form, so the action works without JavaScript too.
        <form
          method="post"
          action={message.action.action}
          class="flash__action"
        >
          {Object.entries(message.action.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" class="flash__action-button">
            {message.action.label}
          </button>
        </form>
      )}
      <button
        type="button"
        class="flash__dismiss"
        aria-label="Dismiss message"
        title="Dismiss"
        onClick={() => onDismiss(message.id, ref.current)}
      >
        <Svg>
          <path d="M7 7l10 10M17 7L7 17" />
        </Svg>
      </button>
    </div>
  );
}

function Svg({ children }: { children: JSX.Element | JSX.Element[] }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      focusable="false"
    >
      {children}
    </svg>
  );
}

function LevelIcon({ tag }: { tag: string }) {
  switch (tag) {
    case "success":
      return (
        <Svg>
          <circle cx="12" cy="12" r="9" />
          <path d="M8 12.5l2.7 2.7L16.2 9.6" />
        </Svg>
      );
    case "warning":
      return (
        <Svg>
          <path d="M12 3.8L2.6 20h18.8z" />
          <path d="M12 10v4.2M12 17.2v.1" />
        </Svg>
      );
    case "error":
      return (
        <Svg>
          <circle cx="12" cy="12" r="9" />
          <path d="M9.2 9.2l5.6 5.6M14.8 9.2l-5.6 5.6" />
        </Svg>
      );
    case "debug":
      return (
        <Svg>
          <path d="M9 7l-5 5 5 5M15 7l5 5-5 5" />
        </Svg>
      );
    default:
      // info, and custom levels
      return (
        <Svg>
          <circle cx="12" cy="12" r="9" />
          <path d="M12 11v5.5M12 7.6v.1" />
        </Svg>
      );
  }
}
