import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert } from "~/components/forms";
import { requireRole } from "~/guards/session.server";
import { decide, listOpenQueue, listRecentlyDecided, type DeskEntry } from "~/models/moderation-desk.server";
import { NO_NUL_MESSAGE } from "~/models/pledge";
import { formatDateTime } from "~/utils/dates";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { isStorableText } from "~/utils/storable-text";

export const meta: MetaFunction = () => [
  { title: "Moderation | Alliance admin" },
  metaDescription("What the filter held and the public reported, waiting for the Alliance's moderators."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  const [queue, recent] = await Promise.all([listOpenQueue(), listRecentlyDecided()]);
  return { queue, recent, canEditWords: user.role === "admin" };
}

const STALE = "This page is out of date: reload it and try again";
const EntryId = z.string({ required_error: STALE }).regex(/^\d{1,18}$/, STALE);
const HIDE_REASON = "Give the reason for hiding it, in a sentence: it is emailed to its author";

// One schema for every form on the page; the decision travels in a hidden field.
const DeskSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), entryId: EntryId }),
  z.object({
    intent: z.literal("hide"),
    entryId: EntryId,
    reason: z
      .string({ required_error: HIDE_REASON })
      .trim()
      .min(5, HIDE_REASON)
      .max(500, "Keep the reason to 500 characters or fewer")
      .refine(isStorableText, NO_NUL_MESSAGE),
  }),
  z.object({ intent: z.literal("restore"), entryId: EntryId }),
  z.object({ intent: z.literal("dismiss"), entryId: EntryId }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  const submission = parseWithZod(await readForm(request), { schema: DeskSchema });
  if (submission.status !== "success")
    // Which entry's form sent it, so that form shows the errors.
    return data({ entryId: String(submission.payload.entryId ?? ""), reply: submission.reply() }, { status: 400 });
  const result = await decide(user, submission.value);
  if (result.status === "not-found") throw new Response("That item is not in the moderation queue", { status: 404 });
  return redirect(`/admin/moderation?done=${result.status === "unchanged" ? "unchanged" : submission.value.intent}`);
}

const DONE: Record<string, string> = {
  approve: "Approved: it shows on the site.",
  hide: "Hidden. Its author has been told why (once).",
  restore: "Restored: it shows on the site again.",
  dismiss: "Reports dismissed.",
  unchanged: "That had already been decided: nothing changed.",
};

const STATE_WORDS: Record<string, string> = {
  visible: "shown",
  held: "held by the filter",
  hidden: "hidden",
};

const DECISION_WORDS: Record<string, string> = {
  approved: "Approved",
  hidden: "Hidden",
  restored: "Restored",
  dismissed: "Reports dismissed",
};

type ActionAnswer = { entryId: string; reply: SubmissionResult<string[]> };

function IntentButton({ entry, intent, label }: { entry: DeskEntry; intent: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="entryId" value={entry.id} />
      <button type="submit" className={intent === "approve" || intent === "restore" ? undefined : "secondary"}>
        {label}
        <span className="visually-hidden">
          {" "}
          ({entry.kindName} {entry.item?.title})
        </span>
      </button>
    </Form>
  );
}

function HideForm({ entry, lastResult }: { entry: DeskEntry; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm({
    id: `hide-${entry.id}`,
    lastResult,
    constraint: getZodConstraint(DeskSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeskSchema }),
  });
  return (
    <Form method="post" className="hide-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="hide" />
      <input type="hidden" name="entryId" value={entry.id} />
      <Field
        meta={fields.reason}
        label={`Reason for hiding the ${entry.kindName}`}
        hint="Emailed to its author, once."
        multiline
        rows={2}
        maxLength={500}
      />
      <button type="submit" className="secondary">
        Hide<span className="visually-hidden"> the {entry.kindName}</span>
      </button>
    </Form>
  );
}

function ItemText({ entry }: { entry: DeskEntry }) {
  if (!entry.item) return <p>It no longer exists (its author or organisation removed it).</p>;
  return (
    <dl className="moderation-text">
      {entry.item.texts.map((t) => (
        <div key={t.label}>
          <dt>{t.label}</dt>
          <dd>{t.text}</dd>
        </div>
      ))}
    </dl>
  );
}

function Where({ entry }: { entry: DeskEntry }) {
  if (!entry.item) return null;
  return (
    <p>
      <Link to={entry.item.path}>
        Its public page
        <span className="visually-hidden">
          : the {entry.kindName} {entry.item.title}
        </span>
      </Link>
      {entry.item.moderation === "visible" ? null : " (it is not shown there now)"}
    </p>
  );
}

function QueueEntry({ entry, answer }: { entry: DeskEntry; answer?: ActionAnswer }) {
  const moderation = entry.item?.moderation;
  return (
    <li className="card moderation-entry" data-entry={entry.id}>
      <h3>
        {entry.kindName[0]!.toUpperCase() + entry.kindName.slice(1)}: {entry.item?.title ?? "(deleted)"}{" "}
        {moderation ? <span className="tag">{STATE_WORDS[moderation] ?? moderation}</span> : null}
      </h3>
      <ItemText entry={entry} />
      <Where entry={entry} />
      <h4>Why it is here</h4>
      <ul>
        {entry.flags.map((flag) => (
          <li key={flag}>The filter: it {flag}</li>
        ))}
        {entry.openReports.length ? (
          <li>
            {entry.openReports.length} open report{entry.openReports.length === 1 ? "" : "s"}:
            <ul>
              {entry.openReports.map((r, i) => (
                <li key={i}>
                  {r.reason}{" "}
                  <span className="meta">
                    ({formatDateTime(r.at)}
                    {r.contactEmail ? (
                      <>
                        , from <a href={`mailto:${r.contactEmail}`}>{r.contactEmail}</a>
                      </>
                    ) : null}
                    )
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ) : null}
        {entry.flags.length === 0 && entry.openReports.length === 0 ? (
          <li>Nothing now: its reports were dealt with.</li>
        ) : null}
      </ul>
      <p className="meta">In the queue since {formatDateTime(entry.createdAt)}.</p>
      {answer ? <FormAlert reply={answer.reply} /> : null}
      {entry.item ? (
        <div className="actions">
          {moderation === "hidden" ? (
            <IntentButton entry={entry} intent="restore" label="Restore" />
          ) : (
            <IntentButton entry={entry} intent="approve" label="Approve" />
          )}
          {entry.openReports.length && moderation !== "held" ? (
            <IntentButton entry={entry} intent="dismiss" label="Dismiss the reports" />
          ) : null}
        </div>
      ) : (
        <div className="actions">
          <IntentButton entry={entry} intent="dismiss" label="Take it off the queue" />
        </div>
      )}
      {moderation === "hidden" ? (
        <p className="meta">The reports hid it until a moderator decides: restore it, or hide it for good.</p>
      ) : null}
      {entry.item ? <HideForm entry={entry} lastResult={answer?.reply} /> : null}
    </li>
  );
}

function DecidedEntry({ entry, answer }: { entry: DeskEntry; answer?: ActionAnswer }) {
  const moderation = entry.item?.moderation;
  return (
    <li className="card moderation-entry" data-entry={entry.id}>
      <h3>
        {entry.kindName[0]!.toUpperCase() + entry.kindName.slice(1)}: {entry.item?.title ?? "(deleted)"}{" "}
        {moderation ? <span className="tag">{STATE_WORDS[moderation] ?? moderation}</span> : null}
      </h3>
      <p>
        {DECISION_WORDS[entry.decision ?? ""] ?? entry.decision}
        {entry.reviewedAt ? ` ${formatDateTime(entry.reviewedAt)}` : ""}
        {entry.decision === "hidden" && entry.hiddenReason ? `: ${entry.hiddenReason}` : ""}
        {entry.decision === "hidden"
          ? entry.authorEmailed
            ? " (its author was emailed)"
            : " (no author to email)"
          : ""}
      </p>
      <Where entry={entry} />
      {answer ? <FormAlert reply={answer.reply} /> : null}
      {!entry.item ? null : moderation === "hidden" ? (
        <div className="actions">
          <IntentButton entry={entry} intent="restore" label="Restore" />
        </div>
      ) : (
        <HideForm entry={entry} lastResult={answer?.reply} />
      )}
    </li>
  );
}

export default function ModerationPage() {
  const { queue, recent, canEditWords } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const shown = [...queue.entries, ...recent].some((e) => e.id === answer?.entryId);
  const answerFor = (entry: DeskEntry) => (answer?.entryId === entry.id ? answer : undefined);
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Moderation</h1>
      <p>
        <Link to="/admin/moderation/words">The filter’s word list</Link>
        {canEditWords ? ": add and remove words" : " (admins edit it)"}
      </p>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      {shown ? null : <FormAlert reply={answer?.reply} />}
      <h2>Waiting for a moderator ({queue.total})</h2>
      {queue.total === 0 ? <p>Nothing is waiting. Thank you.</p> : null}
      {queue.total > queue.entries.length ? (
        <p className="meta">The oldest {queue.entries.length} are shown; the rest follow as these are decided.</p>
      ) : null}
      <ol className="moderation-list">
        {queue.entries.map((entry) => (
          <QueueEntry key={entry.id} entry={entry} answer={answerFor(entry)} />
        ))}
      </ol>
      <h2>Recently decided</h2>
      {recent.length === 0 ? <p>Nothing has been decided yet.</p> : null}
      <ul className="moderation-list">
        {recent.map((entry) => (
          <DecidedEntry key={entry.id} entry={entry} answer={answerFor(entry)} />
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
