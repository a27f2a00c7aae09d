import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { AUDIT_FILTER_NAMES, AuditFilterSchema, auditFilterParams } from "~/models/audit-log";
import { listAuditChoices, listAuditEntries, type AuditLogEntry } from "~/models/audit-log.server";
import { requireRole } from "~/guards/session.server";
import { formatDateTime } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Audit log | Alliance admin" },
  metaDescription("Every admin and moderator action: who did what, when, and what it changed."),
];

type FieldName = (typeof AUDIT_FILTER_NAMES)[number] | "before";

// Admins only: the log names people (role changes, exports of personal data and their filters).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const asked = auditFilterParams(new URL(request.url).searchParams);
  const choices = await listAuditChoices();
  const parsed = AuditFilterSchema.safeParse(asked);
  const shown = Object.fromEntries(AUDIT_FILTER_NAMES.map((n) => [n, asked[n] ?? ""])) as Record<FieldName, string>;
  if (!parsed.success) {
    const errors = parsed.error.flatten().fieldErrors as Partial<Record<FieldName, string[]>>;
    return data(
      { shown, errors, choices, entries: [] as AuditLogEntry[], olderBefore: null, paged: false },
      {
        status: 400,
      },
    );
  }
  const { entries, olderBefore } = await listAuditEntries(parsed.data);
  return {
    shown,
    errors: {} as Partial<Record<FieldName, string[]>>,
    choices,
    entries,
    olderBefore,
    paged: Boolean(parsed.data.before),
  };
}

/** The filters as a query string, with the page's cursor when given. */
function query(shown: Record<string, string>, before?: string) {
  const params = new URLSearchParams(Object.entries(shown).filter(([, v]) => v !== ""));
  if (before) params.set("before", before);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function Entry({ entry }: { entry: AuditLogEntry }) {
  return (
    <li className="card audit-entry" data-action={entry.action}>
      <p className="meta">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>, {entry.actorEmail} ({entry.actorRole})
      </p>
      <p>
        <strong>{entry.summary}</strong>
      </p>
      <p className="meta">
        <code>{entry.action}</code> on {entry.subjectKind}
        {entry.subjectId ? (
          <>
            {" "}
            {entry.subjectHref ? (
              <Link to={entry.subjectHref}>
                {entry.subjectId}
                <span className="visually-hidden">: its page</span>
              </Link>
            ) : (
              <code>{entry.subjectId}</code>
            )}
          </>
        ) : null}
      </p>
      {entry.changes.length ? (
        <details>
          <summary>
            What changed ({entry.changes.length} {entry.changes.length === 1 ? "thing" : "things"})
          </summary>
          <dl className="audit-changes">
            {entry.changes.map((c) => (
              <div key={c.key}>
                <dt>{c.key}</dt>
                <dd>
                  <span className="visually-hidden">before: </span>
                  <del>{c.before}</del> <span aria-hidden="true">→</span>
                  <span className="visually-hidden">after: </span> <ins>{c.after}</ins>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </li>
  );
}

function FilterField({
  name,
  label,
  hint,
  type,
  shown,
  errors,
}: {
  name: FieldName;
  label: string;
  hint?: string;
  type?: "text" | "email" | "date";
  shown: Record<string, string>;
  errors: Partial<Record<FieldName, string[]>>;
}) {
  return (
    <Field
      meta={{
        id: `audit-${name}`,
        name,
        errorId: `audit-${name}-error`,
        descriptionId: `audit-${name}-hint`,
        errors: errors[name],
        initialValue: shown[name],
      }}
      label={label}
      hint={hint}
      type={type}
      key={`${name}-${shown[name]}`}
    />
  );
}

export default function AdminAuditPage() {
  const { shown, errors, choices, entries, olderBefore, paged } = useLoaderData<typeof loader>();
  const invalid = Object.keys(errors).length > 0;
  const prefixes = [...new Set(choices.actions.map((a) => `${a.split(".")[0]}.`))];
  const actionOptions = [
    ...prefixes.map((p) => ({ value: p, label: `Every ${p.slice(0, -1)} action` })),
    ...choices.actions.map((a) => ({ value: a, label: a })),
  ];
  if (shown.action && !actionOptions.some((o) => o.value === shown.action))
    actionOptions.push({ value: shown.action, label: shown.action });
  const kindOptions =
    shown.subjectKind && !choices.kinds.includes(shown.subjectKind)
      ? [...choices.kinds, shown.subjectKind]
      : choices.kinds;
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Audit log</h1>
      <p className="lead">
        Every admin and moderator action, newest first. Nobody can change or remove an entry: the database refuses.
      </p>
      {errors.before ? (
        <p className="field-error" role="alert">
          {errors.before[0]}
        </p>
      ) : null}
      <Form method="get" className="filters card" aria-label="Filter the audit log">
        <div className="form-group">
          <label htmlFor="audit-action">Action</label>
          <select
            id="audit-action"
            name="action"
            defaultValue={shown.action}
            key={`action-${shown.action}`}
            aria-invalid={errors.action ? true : undefined}
            aria-describedby={errors.action ? "audit-action-error" : undefined}
          >
            <option value="">Every action</option>
            {actionOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {errors.action ? (
            <span id="audit-action-error" className="field-error">
              <span className="visually-hidden">Error: </span>
              {errors.action[0]}
            </span>
          ) : null}
        </div>
        <FilterField name="actor" label="Done by (email)" type="email" shown={shown} errors={errors} />
        <div className="form-group">
          <label htmlFor="audit-subjectKind">Kind of thing</label>
          <select
            id="audit-subjectKind"
            name="subjectKind"
            defaultValue={shown.subjectKind}
            key={`kind-${shown.subjectKind}`}
            aria-invalid={errors.subjectKind ? true : undefined}
            aria-describedby={errors.subjectKind ? "audit-subjectKind-error" : undefined}
          >
            <option value="">Every kind</option>
            {kindOptions.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          {errors.subjectKind ? (
            <span id="audit-subjectKind-error" className="field-error">
              <span className="visually-hidden">Error: </span>
              {errors.subjectKind[0]}
            </span>
          ) : null}
        </div>
        <FilterField name="subjectId" label="Its id" shown={shown} errors={errors} />
        <FilterField name="from" label="From" hint="Salford time" type="date" shown={shown} errors={errors} />
        <FilterField
          name="to"
          label="To"
          hint="Salford time, the whole day"
          type="date"
          shown={shown}
          errors={errors}
        />
        <button type="submit">Show entries</button>
      </Form>

      {invalid ? (
        <p>Correct the filter to see the log.</p>
      ) : entries.length === 0 ? (
        <p>{paged ? "No older entries." : "No entries match."}</p>
      ) : (
        <ol className="pledge-list audit-log" aria-label="Audit entries">
          {entries.map((entry) => (
            <Entry key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {paged || olderBefore ? (
        <nav aria-label="Pages of the log" className="actions">
          {paged ? <Link to={`/admin/audit${query(shown)}`}>Newest entries</Link> : null}
          {olderBefore ? <Link to={`/admin/audit${query(shown, olderBefore)}`}>Older entries</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
