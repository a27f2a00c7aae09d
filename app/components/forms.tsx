import type { InputHTMLAttributes, ReactNode } from "react";

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

type FieldMeta = {
  id: string;
  name: string;
  errorId: string;
  descriptionId: string;
  errors?: string[];
  initialValue?: unknown;
  required?: boolean;
};

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
  const describedBy =
    [hint ? meta.descriptionId : "", meta.errors?.length ? meta.errorId : ""].join(" ").trim() || undefined;
  const common = {
    id: meta.id,
    name: meta.name,
    defaultValue: typeof meta.initialValue === "string" ? meta.initialValue : undefined,
    required: meta.required || undefined,
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

/** One radio or checkbox with its label: the props are the input's (id and name included). */
export function Choice({ label, ...input }: { label: ReactNode; id: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="choice">
      <input {...input} />
      <label htmlFor={input.id}>{label}</label>
    </div>
  );
}

export type ChoiceOption = { value: string; label: ReactNode };

/** The id of an option in a ChoiceGroup: what the error summary links to, and what labels point at. */
export const choiceId = (idPrefix: string, value: string) => `${idPrefix}-${value}`;

/**
 * A set of radios or checkboxes for one Conform field: a fieldset whose legend
 * names it, an optional hint and the error, both read out with the group
 * (aria-describedby), and every input marked invalid while there is an error.
 * Works without JavaScript: the server's reply checks what was sent.
 * Sections are sub-headed runs of options (the pledge's suggestions, one run
 * per quality); children come after the options (a text field they lead to).
 */
export function ChoiceGroup({
  meta,
  type,
  legend,
  hint,
  idPrefix,
  options = [],
  sections = [],
  defaultValue,
  className,
  children,
}: {
  meta: Pick<FieldMeta, "name" | "errorId" | "descriptionId" | "errors" | "initialValue">;
  type: "radio" | "checkbox";
  legend: ReactNode;
  hint?: ReactNode;
  /** Each option's id is `${idPrefix}-${value}`. */
  idPrefix: string;
  options?: readonly ChoiceOption[];
  sections?: readonly {
    key: string;
    heading: ReactNode;
    options: readonly ChoiceOption[];
    className?: string;
    data?: Record<`data-${string}`, string>;
  }[];
  /** What is chosen before anything has been sent. */
  defaultValue?: string | readonly string[];
  className?: string;
  children?: ReactNode;
}) {
  const invalid = Boolean(meta.errors?.length);
  const chosen = new Set([meta.initialValue ?? defaultValue ?? []].flat().map(String));
  const describedBy = [hint ? meta.descriptionId : "", invalid ? meta.errorId : ""].join(" ").trim() || undefined;
  const renderOption = (option: ChoiceOption) => (
    <Choice
      key={option.value}
      type={type}
      id={choiceId(idPrefix, option.value)}
      name={meta.name}
      value={option.value}
      defaultChecked={chosen.has(option.value)}
      aria-invalid={invalid || undefined}
      label={option.label}
    />
  );
  return (
    <fieldset className={["form-group", className].filter(Boolean).join(" ")} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ? <Hint id={meta.descriptionId}>{hint}</Hint> : null}
      <FieldError id={meta.errorId} errors={meta.errors} />
      {sections.map((section) => (
        <div key={section.key} className={section.className} {...section.data}>
          <p className="meta">{section.heading}</p>
          {section.options.map(renderOption)}
        </div>
      ))}
      {options.map(renderOption)}
      {children}
    </fieldset>
  );
}

/**
 * The error summary's entries for a Conform form: each error, linked to its
 * field. `fields` is Conform's fieldset, read by name (it is a proxy: spreading
 * it copies nothing); `choiceIds` names the first option of each ChoiceGroup,
 * which the link points at instead.
 */
export function summaryOf(
  allErrors: Record<string, string[]>,
  fields: Record<string, { id: string }>,
  choiceIds: Record<string, string> = {},
) {
  return Object.entries(allErrors)
    .filter(([name, errors]) => name !== "" && errors.length)
    .map(([name, errors]) => ({ fieldId: choiceIds[name] ?? fields[name]!.id, message: errors[0]! }));
}

/**
 * An error no field on the page can show: the answer to a form sent from a
 * page that is out of date, or made up. The first message of a Conform reply.
 */
export function FormAlert({ reply }: { reply?: { error?: Record<string, string[] | null> | null } }) {
  const message = Object.values(reply?.error ?? {})
    .flat()
    .find(Boolean);
  if (!message) return null;
  return (
    <p className="field-error" role="alert">
      {message}
    </p>
  );
}
