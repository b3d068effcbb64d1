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
    maxLength: props.maxLength,
    "aria-invalid": props.error ? "true" as const : undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div class="field" data-invalid={props.error ? "" : undefined}>
      <label for={id}>{props.label}</label>
      {props.multiline
        ? <textarea {...common} value={props.value ?? ""} />
        : (
          <input
            {...common}
            type={props.type ?? "text"}
            value={props.value ?? ""}
            autocomplete={props.autocomplete}
            inputMode={props.inputMode}
          />
        )}
      {props.hint && <p class="hint" id={hintId}>{props.hint}</p>}
      {props.error && <p class="field-error" id={errorId}>{props.error}</p>}
    </div>
  );
}
