/** Props of {@linkcode Field}. */
export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: "text" | "password" | "number" | "email";
  inputMode?: "numeric" | "email";
  required?: boolean;
  maxLength?: number;
  autocomplete?: string;
  multiline?: boolean;
  /** Render a `<select>` of these values, after a "Choose …" option. */
  options?: readonly string[];
  /** The text of the empty first option of a select. */
  placeholder?: string;
  /**
   * Focus the field when the page loads: set on the first invalid field
   * after a failed submit ({@linkcode firstInvalid}). Being an attribute,
   * it works without JavaScript.
   */
  autofocus?: boolean;
}

/**
 * A labelled form field with its error. The error is tied to the input
 * with `aria-describedby` and marks it `aria-invalid`, so screen readers
 * announce what to fix.
 */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [props.error && errorId, props.hint && hintId]
    .filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    required: props.required,
    autocomplete: props.autocomplete,
    autofocus: props.autofocus || undefined,
    "aria-invalid": props.error ? "true" as const : undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div class="field" data-invalid={props.error ? "" : undefined}>
      <label for={id}>{props.label}</label>
      {props.options
        ? (
          <select {...common}>
            <option value="">{props.placeholder ?? "Choose one"}</option>
            {props.options.map((option) => (
              <option
                key={option}
                selected={option === props.value || undefined}
              >
                {option}
              </option>
            ))}
          </select>
        )
        : props.multiline
        ? (
          <textarea
            {...common}
            maxLength={props.maxLength}
            value={props.value ?? ""}
          />
        )
        : (
          <input
            {...common}
            type={props.type ?? "text"}
            maxLength={props.maxLength}
            value={props.value ?? ""}
            inputMode={props.inputMode}
          />
        )}
      {props.hint && <p class="hint" id={hintId}>{props.hint}</p>}
      {props.error && <p class="field-error" id={errorId}>{props.error}</p>}
    </div>
  );
}

/**
 * The first of `names`, in form order, that has an error: the field to
 * focus after a failed submit.
 */
export function firstInvalid<Name extends string>(
  names: readonly Name[],
  errors: Partial<Record<Name, string | undefined>>,
): Name | undefined {
  return names.find((name) => errors[name]);
}
