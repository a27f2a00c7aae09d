import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert } from "~/components/forms";
import { countHelpRequests, formatAskedAt, listHelpRequests, updateHelpRequest } from "~/models/help.server";
import {
  HELP_LIST_LIMIT,
  HELP_VIEW_LABELS,
  HELP_VIEWS,
  HelpActionSchema,
  isHelpView,
  type HelpAction,
  type HelpStatus,
  type HelpView,
} from "~/models/help";
import { requireRole } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "People who need a hand | Alliance admin" },
  metaDescription("Pledgers who answered “Need a hand”: contact them, and mark each contacted or closed."),
];

/** The view the query string asks for; anything else shows the open requests, and says so. */
function viewOf(request: Request): { view: HelpView; unknownStatus: boolean } {
  const status = new URL(request.url).searchParams.get("status");
  if (status === null || status === "") return { view: "open", unknownStatus: false };
  return isHelpView(status) ? { view: status, unknownStatus: false } : { view: "open", unknownStatus: true };
}

const DONE: Record<HelpAction["intent"], string> = {
  contacted: "Marked as contacted.",
  closed: "Closed.",
  reopen: "Reopened: it is back in the queue as new.",
};
const isDone = (value: string | null): value is HelpAction["intent"] => value !== null && value in DONE;

const NOTE_MODERATION: Record<string, string> = {
  held: "held for review: not shown in public",
  hidden: "hidden by a moderator: not shown in public",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin", "moderator"]);
  const { view, unknownStatus } = viewOf(request);
  const done = new URL(request.url).searchParams.get("done");
  const [counts, requests] = await Promise.all([countHelpRequests(), listHelpRequests(view)]);
  return {
    view,
    unknownStatus,
    // Only our own words go back to the page, never the query string as sent.
    done: isDone(done) ? DONE[done] : null,
    counts: { ...counts, open: counts.new + counts.contacted },
    requests: requests.map((r) => ({
      checkInId: r.checkInId,
      status: r.status,
      staffNote: r.staffNote,
      askedAt: formatAskedAt(r.checkIn.createdAt),
      note: r.checkIn.note,
      // Staff read the note whatever its state; they are told when the public cannot.
      noteModeration: NOTE_MODERATION[r.checkIn.moderation] ?? null,
      updatedAt: r.updatedBy ? formatAskedAt(r.updatedAt) : null,
      updatedBy: r.updatedBy,
      pledge: {
        id: r.checkIn.pledge.id,
        name: r.checkIn.pledge.name,
        email: r.checkIn.pledge.email,
        ward: r.checkIn.pledge.ward.name,
        commitment: r.checkIn.pledge.commitment,
        campaign: r.checkIn.pledge.campaign,
        withdrawn: r.checkIn.pledge.withdrawnAt !== null,
      },
    })),
  };
}

const formId = (intent: string, checkInId: string) => `${intent}-${checkInId}`;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  const { view } = viewOf(request);
  const submission = parseWithZod(await readForm(request), { schema: HelpActionSchema });
  const sentBy = formId(String(submission.payload.intent ?? ""), String(submission.payload.checkInId ?? ""));
  if (submission.status !== "success") return data({ formId: sentBy, reply: submission.reply() }, { status: 400 });
  const result = await updateHelpRequest(user, submission.value);
  if (result.status === "not-found")
    return data(
      { formId: "", reply: submission.reply({ formErrors: ["That request is no longer in the queue."] }) },
      { status: 404 },
    );
  if (result.status === "conflict")
    // Someone else got there first (or the page was out of date): say what it is now; nothing changed.
    return data(
      {
        formId: "",
        reply: submission.reply({
          formErrors: [
            result.current === "closed"
              ? "That request has been closed: reopen it first. The list below is up to date."
              : "That request is open already. The list below is up to date.",
          ],
        }),
      },
      { status: 409 },
    );
  const back = new URLSearchParams({ ...(view === "open" ? {} : { status: view }), done: submission.value.intent });
  return redirect(`/admin/help?${back}`);
}

type HelpRequestRow = ReturnType<typeof useLoaderData<typeof loader>>["requests"][number];

/** One action on one request: its intent in a hidden field, and a note (required to close). */
function HelpActionForm({
  request,
  intent,
  label,
  noteLabel,
  secondary,
  lastResult,
}: {
  request: HelpRequestRow;
  intent: HelpAction["intent"];
  label: string;
  noteLabel: string;
  secondary?: boolean;
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useForm({
    id: formId(intent, request.checkInId),
    lastResult,
    constraint: getZodConstraint(HelpActionSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HelpActionSchema }),
  });
  return (
    <Form method="post" className="help-action" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="checkInId" value={request.checkInId} />
      <Field meta={fields.note} label={noteLabel} multiline rows={2} />
      <button type="submit" className={secondary ? "secondary" : undefined}>
        {label}
        <span className="visually-hidden"> for {request.pledge.name}</span>
      </button>
    </Form>
  );
}

const STATUS_WORDS: Record<HelpStatus, string> = { new: "new", contacted: "contacted", closed: "closed" };
const SECTION_HEADINGS: Record<HelpStatus, string> = {
  new: "New: nobody has been in touch yet",
  contacted: "Contacted",
  closed: "Closed",
};

type ActionResult = { formId: string; reply: SubmissionResult<string[]> };

/** The actions a request's card offers: reopen a closed one; mark an open one contacted, or close it. */
const intentsFor = (status: HelpStatus): HelpAction["intent"][] =>
  status === "closed" ? ["reopen"] : ["contacted", "closed"];

function HelpRequestCard({ request, result }: { request: HelpRequestRow; result?: ActionResult }) {
  const { pledge } = request;
  const resultFor = (intent: string) =>
    result?.formId === formId(intent, request.checkInId) ? result.reply : undefined;
  return (
    <li className="card help-request" data-help={request.checkInId}>
      <h3>
        {pledge.name} <span className="tag">{STATUS_WORDS[request.status]}</span>
      </h3>
      <p className="meta">
        <a href={`mailto:${pledge.email}`}>{pledge.email}</a>, {pledge.ward}. Asked {request.askedAt}.
      </p>
      <blockquote>
        <Link to={`/pledges/${pledge.id}`}>{pledge.commitment}</Link>
      </blockquote>
      {pledge.campaign || pledge.withdrawn ? (
        <p className="meta">
          {pledge.campaign ? `Made for ${pledge.campaign.name}. ` : ""}
          {pledge.withdrawn ? "They have since withdrawn this pledge." : ""}
        </p>
      ) : null}
      <p>
        <strong>Their note:</strong> {request.note ?? "none."}
        {request.note && request.noteModeration ? <span className="meta"> ({request.noteModeration})</span> : null}
      </p>
      <p>
        <strong>Staff note:</strong> {request.staffNote ?? "none yet."}
      </p>
      <p className="meta">
        {request.updatedBy ? `Last updated by ${request.updatedBy}, ${request.updatedAt}.` : "Not updated yet."}
      </p>
      <div className="actions">
        {intentsFor(request.status).includes("reopen") ? (
          <HelpActionForm
            request={request}
            intent="reopen"
            label="Reopen"
            noteLabel="Note (optional)"
            lastResult={resultFor("reopen")}
          />
        ) : (
          <>
            <HelpActionForm
              request={request}
              intent="contacted"
              label="Mark contacted"
              noteLabel="Note (optional)"
              lastResult={resultFor("contacted")}
            />
            <HelpActionForm
              request={request}
              intent="closed"
              label="Close"
              noteLabel="How it ended (needed to close)"
              secondary
              lastResult={resultFor("closed")}
            />
          </>
        )}
      </div>
    </li>
  );
}

export default function AdminHelpPage() {
  const { view, unknownStatus, done, counts, requests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // An answer for no form on the page (a request gone or changed by someone else, junk sent) is shown at the top.
  const forms = new Set(requests.flatMap((r) => intentsFor(r.status).map((intent) => formId(intent, r.checkInId))));
  const shownAtForm = result ? forms.has(result.formId) : false;
  const statuses: HelpStatus[] = view === "open" ? ["new", "contacted"] : [view];
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>People who need a hand</h1>
      <p>
        Pledgers who answered “Need a hand” when checking in. Email them, then mark each contacted, and close it with a
        note when it is settled.
      </p>
      {unknownStatus ? (
        <p className="notice" role="status">
          That is not a status we know: showing the open requests.
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <FormAlert reply={shownAtForm ? undefined : result?.reply} />
      <nav aria-label="Requests by status">
        <ul className="help-views">
          {HELP_VIEWS.map((v) => (
            <li key={v}>
              <Link
                to={v === "open" ? "/admin/help" : `/admin/help?status=${v}`}
                aria-current={v === view ? "page" : undefined}
              >
                {HELP_VIEW_LABELS[v]} ({counts[v]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {statuses.map((status) => {
        const list = requests.filter((r) => r.status === status);
        return (
          <section key={status} aria-labelledby={`help-${status}`}>
            <h2 id={`help-${status}`}>
              {SECTION_HEADINGS[status]} ({counts[status]})
            </h2>
            {counts[status] > list.length ? (
              <p className="meta">
                Showing {status === "closed" ? "the most recently closed" : "the oldest"} {HELP_LIST_LIMIT}.
              </p>
            ) : null}
            {list.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="pledge-list">
                {list.map((r) => (
                  <HelpRequestCard key={r.checkInId} request={r} result={result} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
