import type { ComponentChildren } from "preact";
import { Head } from "$fresh/runtime.ts";
import type { PostFieldErrors, PostInput } from "../utils/posts/validation.ts";
import {
  BODY_MAX_LENGTH,
  TITLE_MAX_LENGTH,
} from "../utils/posts/validation.ts";
import { Field, firstInvalid } from "./Field.tsx";

/** Props of {@linkcode PostForm}. */
export interface PostFormProps {
  /** Where the form posts, e.g. `/posts` or `/posts/<id>/edit`. */
  action: string;
  /** The values to show: the typed ones after a failed save. */
  values: PostInput;
  errors?: PostFieldErrors;
  /** The versionstamp an edit is based on, sent back on save. */
  version?: string;
  submitLabel: string;
  /** Where "Cancel" leads. */
  cancelHref: string;
}

/**
 * The create and edit form of a post. Values are rendered as JSX text and
 * attributes, so Preact escapes them.
 */
export function PostForm(props: PostFormProps) {
  const errors = props.errors ?? {};
  const focus = firstInvalid(["title", "body"], errors);
  return (
    <form class="form" method="post" action={props.action} novalidate>
      {props.version && (
        <input type="hidden" name="version" value={props.version} />
      )}
      <Field
        name="title"
        label="Title"
        value={props.values.title}
        error={errors.title}
        autofocus={focus === "title"}
        hint={`Up to ${TITLE_MAX_LENGTH} characters.`}
        required
      />
      <Field
        name="body"
        label="Text"
        value={props.values.body}
        error={errors.body}
        autofocus={focus === "body"}
        hint={`Optional, up to ${
          BODY_MAX_LENGTH.toLocaleString("en")
        } characters. Line breaks are kept.`}
        multiline
      />
      <div class="actions">
        <button type="submit" class="button">{props.submitLabel}</button>
        <a class="button secondary" href={props.cancelHref}>Cancel</a>
      </div>
    </form>
  );
}

/** Props of {@linkcode PostFormPage}. */
export interface PostFormPageProps extends PostFormProps {
  /** The heading and, with the site name, the page title. */
  heading: string;
  children?: ComponentChildren;
}

/**
 * A whole page around {@linkcode PostForm}: title, heading, form, then
 * `children` (used to show the saved version after an edit conflict).
 */
export function PostFormPage(
  { heading, children, ...form }: PostFormPageProps,
) {
  return (
    <>
      <Head>
        <title>{`${heading} · Deno Shop`}</title>
      </Head>
      <section class="card">
        <h1>{heading}</h1>
        <PostForm {...form} />
      </section>
      {children}
    </>
  );
}
