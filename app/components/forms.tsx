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
      <label htmlFor="homepage">Leave this field empty</label>
      <input type="text" id="homepage" name="homepage" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

export function isHoneypotFilled(formData: FormData) {
  return Boolean(formData.get("homepage"));
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span id={id} className="hint">
      {children}
    </span>
  );
}

type FieldMeta = { id: string; name: string; errorId: string; descriptionId: string; errors?: string[]; initialValue?: unknown };

/** A labelled input or textarea wired to a Conform field: hint, error and ARIA included. */
export function Field({
  meta,
  label,
  hint,
  type = "text",
  multiline = false,
  ...rest
}: {
  meta: FieldMeta;
  label: string;
  hint?: string;
  type?: "text" | "email" | "url" | "number" | "date";
  multiline?: boolean;
} & Record<string, unknown>) {
  const describedBy = [hint ? meta.descriptionId : "", meta.errors?.length ? meta.errorId : ""].join(" ").trim() || undefined;
  const common = {
    id: meta.id,
    name: meta.name,
    defaultValue: typeof meta.initialValue === "string" ? meta.initialValue : undefined,
    "aria-invalid": meta.errors?.length ? true : undefined,
    "aria-describedby": describedBy,
    ...rest,
  };
  return (
    <div className="form-group">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? <Hint id={meta.descriptionId}>{hint}</Hint> : null}
      {multiline ? <textarea {...common} /> : <input type={type} {...common} />}
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** The error summary's entries for a Conform form: each error, linked to its field. */
export function summaryOf(allErrors: Record<string, string[]>, fields: Record<string, { id: string }>) {
  return Object.entries(allErrors)
    .filter(([name, errors]) => fields[name] && errors.length)
    .map(([name, errors]) => ({ fieldId: fields[name]!.id, message: errors[0]! }));
}
