/**
 * The opening every form-posting route shares: a `POST` handler that reads
 * the body as a form (415, 413 or 400 from {@linkcode readForm} otherwise)
 * and passes it on with the context.
 *
 * @module
 */
import type { FreshContext, Handlers } from "$fresh/server.ts";
import { readForm } from "./forms.ts";

/** What a form post does once its form is read. */
export type FormAction<State> = (
  form: FormData,
  ctx: FreshContext<State>,
  req: Request,
) => Response | Promise<Response>;

/**
 * Handlers answering `POST` with `action` over the request's form.
 *
 * @example
 * ```ts
 * export const handler = formPost<State>((form, ctx) => {
 *   ctx.state.session.set("note", field(form, "note"));
 *   return seeOther("/");
 * });
 * ```
 */
export function formPost<State>(
  action: FormAction<State>,
): Handlers<unknown, State> {
  return {
    async POST(req, ctx) {
      return await action(await readForm(req), ctx, req);
    },
  };
}
