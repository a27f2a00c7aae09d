import type { ReactNode } from "react";

/** The message beside a field; its id is what the field's aria-describedby points at. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <span id={id} className="field-error">
      <span className="visually-hidden">Error: </span>
      {errors[0]}
    </span>
  );
}

/**
 * Every error at the top of the form, each linking to its field. Rendered by
 * the server too, so it works without JavaScript.
 */
export function ErrorSummary({ errors }: { errors: { fieldId: string; message: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.map((error) => (
          <li key={error.fieldId}>
            <a href={`#${error.fieldId}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The honeypot every public form carries: hidden from people, filled by bots. */
export function HoneypotField() {
  return (
    <div className="pot" aria-hidden="true">
      <label htmlFor="website">Leave this field empty</label>
      <input type="text" id="website" name="website" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

export function isHoneypotFilled(formData: FormData) {
  return Boolean(formData.get("website"));
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span id={id} className="hint">
      {children}
    </span>
  );
}
