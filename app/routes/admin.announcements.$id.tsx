import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { AnnouncementFormFields } from "~/components/announcement-form-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, FieldError, FormAlert, Hint, summaryOf } from "~/components/forms";
import {
  announcementEditSchema,
  EDITABLE_STATUSES,
  STATUS_WORDS,
  type AnnouncementChoices,
  type AnnouncementStatus,
} from "~/models/announcement";
import {
  cancelAnnouncement,
  countRecipients,
  describeFilters,
  getAnnouncement,
  getAnnouncementFigures,
  loadAnnouncementChoices,
  renderAnnouncement,
  scheduleAnnouncement,
  sendTestAnnouncement,
  updateAnnouncement,
} from "~/models/announcement.server";
import { instantToLondonLocal } from "~/models/event";
import { requireRole } from "~/guards/session.server";
import { formatDateTime } from "~/utils/dates";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.announcement.subject ?? "Announcement"} | Alliance admin` },
  metaDescription("Edit, preview, test and send one of the Alliance's news emails."),
];

async function requireAnnouncement(id: string | undefined) {
  const announcement = await getAnnouncement(id);
  if (!announcement) throw new Response("Announcement not found", { status: 404 });
  return announcement;
}

const idsOf = (choices: Awaited<ReturnType<typeof loadAnnouncementChoices>>): AnnouncementChoices => ({
  wardCodes: choices.wards.map((w) => w.code),
  campaignIds: choices.campaigns.map((c) => c.id),
});

const isEditable = (status: string) => EDITABLE_STATUSES.includes(status as AnnouncementStatus);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const announcement = await requireAnnouncement(params.id);
  const choices = await loadAnnouncementChoices();
  const status = announcement.status as AnnouncementStatus;
  const filters = {
    wardCode: announcement.wardCode,
    quality: announcement.quality,
    campaignId: announcement.campaignId,
  };
  const gone = status === "sending" || status === "sent";
  const preview = renderAnnouncement(announcement, user.email);
  return {
    announcement: {
      id: announcement.id,
      subject: announcement.subject,
      status,
      sendAt: announcement.sendAt?.toISOString() ?? null,
      form: {
        subject: announcement.subject,
        body: announcement.body,
        wardCode: announcement.wardCode ?? "",
        quality: announcement.quality ?? "",
        campaignId: announcement.campaignId ?? "",
      },
    },
    audience: describeFilters(filters, {
      wards: new Map(choices.wards.map((w) => [w.code, w.name])),
      campaigns: new Map(choices.campaigns.map((c) => [c.id, c.name])),
    }),
    count: gone ? null : await countRecipients(filters),
    figures: gone ? await getAnnouncementFigures(announcement.id) : null,
    preview: { subject: preview.subject, html: preview.html },
    me: user.email,
    choices,
  };
}

/** What the confirm step states before anything is sent. */
type SendConfirmation = { when: "now" | "later"; sendAtLocal: string; sendAtText: string | null; count: number };

const people = (n: number) => `${formatNumber(n)} ${n === 1 ? "person" : "people"}`;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const announcement = await requireAnnouncement(params.id);
  const formData = await readForm(request);
  const choices = await loadAnnouncementChoices();
  const submission = parseWithZod(formData, { schema: announcementEditSchema(idsOf(choices)) });
  if (submission.status !== "success")
    return data({ intent: String(submission.payload.intent ?? ""), reply: submission.reply() }, { status: 400 });
  const sent = submission.value;
  const here = `/admin/announcements/${announcement.id}`;
  const refuse = (message: string, status = 409) =>
    data({ intent: sent.intent, reply: submission.reply({ formErrors: [message] }) }, { status });

  if (sent.intent === "save") {
    if (!(await updateAnnouncement(user, announcement.id, sent)))
      return refuse("It can no longer be edited: it has been scheduled or sent. Cancel a scheduled one to edit it.");
    return redirect(`${here}?saved=1`);
  }
  if (sent.intent === "test") {
    const tested = await sendTestAnnouncement(user, announcement.id);
    if (!tested) throw new Response("Announcement not found", { status: 404 });
    if (!tested.ok)
      return refuse(
        tested.refusal === "suppressed"
          ? "Your address has bounced or complained, so nothing is sent to it: no test can reach you."
          : "Your address is unsubscribed from news, so the test would be held back: turn news back on from the preferences link in any of our emails.",
        400,
      );
    return redirect(`${here}?tested=1`);
  }
  if (sent.intent === "cancel") {
    const cancelled = await cancelAnnouncement(user, announcement.id);
    if (cancelled === null) throw new Response("Announcement not found", { status: 404 });
    return redirect(`${here}?status=${cancelled ? "cancelled" : "not-cancelled"}`);
  }
  // Send: the first press shows the count and asks; the confirmation sends (or schedules) it.
  if (!isEditable(announcement.status)) return redirect(`${here}?status=already`);
  const count = await countRecipients(announcement);
  if (count === 0) return refuse("Nobody would get it: no one who agreed to news matches its filters.", 400);
  const now = sent.when === "now";
  const sendAt = now ? new Date() : sent.sendAt!;
  if (!sent.confirmed)
    return data({
      intent: "send" as const,
      reply: submission.reply(),
      confirm: {
        when: sent.when,
        sendAtLocal: now ? "" : instantToLondonLocal(sendAt),
        sendAtText: now ? null : formatDateTime(sendAt),
        count,
      } satisfies SendConfirmation,
    });
  const scheduled = await scheduleAnnouncement(user, announcement.id, sendAt, { now, count });
  if (scheduled === null) throw new Response("Announcement not found", { status: 404 });
  return redirect(`${here}?status=${scheduled ? (now ? "sending" : "scheduled") : "already"}`);
}

const NOTICES: Record<string, string> = {
  sending: "On its way: it is being queued now and goes out over the next few minutes.",
  scheduled: "Scheduled: it goes at the time you chose, to everyone who matches then.",
  cancelled: "Cancelled: nothing was sent. You can edit it and send it again.",
  "not-cancelled": "It was not scheduled any more (it had started sending, or was cancelled already).",
  already: "It was already scheduled or sent: nothing more was sent.",
};

export default function AnnouncementPage() {
  const { announcement, audience, count, figures, preview, me, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const ids = useMemo(() => idsOf(choices), [choices]);
  const editable = isEditable(announcement.status);
  const [form, fields] = useForm({
    id: `announcement-${announcement.id}`,
    lastResult: result?.intent === "save" ? result.reply : undefined,
    defaultValue: announcement.form,
    constraint: getZodConstraint(announcementEditSchema(ids)),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: announcementEditSchema(ids) }),
  });
  const [sendForm, sendFields] = useForm({
    id: `send-at-${announcement.id}`,
    lastResult: result?.intent === "send" ? result.reply : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: announcementEditSchema(ids) }),
  });
  const confirm = result && "confirm" in result ? (result.confirm as SendConfirmation) : null;
  const notice = NOTICES[params.get("status") ?? ""];
  const sendAt = sendFields.sendAt;
  return (
    <>
      <p>
        <Link to="/admin/announcements">Announcements</Link>
      </p>
      <h1>{announcement.subject}</h1>
      {params.get("saved") === "1" ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {params.get("tested") === "1" ? (
        <p className="notice" role="status">
          A test copy is on its way to {me}.
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        Status: <strong data-testid="announcement-status">{STATUS_WORDS[announcement.status]}</strong>
        {announcement.sendAt && !editable ? ` (${formatDateTime(announcement.sendAt)})` : null}
      </p>

      <h2>Who gets it</h2>
      <p>{audience}.</p>
      {count !== null ? (
        <p>
          <strong data-testid="recipient-count">{people(count)}</strong>{" "}
          {announcement.status === "scheduled"
            ? "match now; it is counted again when it goes."
            : "will get it as things stand: confirmed pledgers and members who agreed to news, less anyone unsubscribed from news or whose address bounced, each once."}
        </p>
      ) : null}
      {figures ? (
        <dl className="figures" data-testid="announcement-figures">
          <dt>Recipients</dt>
          <dd>{formatNumber(figures.recipients)}</dd>
          <dt>Sent</dt>
          <dd>{formatNumber(figures.sent)}</dd>
          <dt>Delivered</dt>
          <dd>{formatNumber(figures.delivered)}</dd>
          <dt>Bounced</dt>
          <dd>{formatNumber(figures.bounced)}</dd>
          <dt>Unsubscribed from news since</dt>
          <dd>{formatNumber(figures.unsubscribed)}</dd>
        </dl>
      ) : null}

      {confirm ? (
        <section className="confirm" aria-labelledby="confirm-title">
          <h2 id="confirm-title">
            {confirm.when === "now"
              ? `Send it to ${people(confirm.count)} now?`
              : `Send it to ${people(confirm.count)} at ${confirm.sendAtText}?`}
          </h2>
          <p>
            Once it has gone it cannot be called back. {confirm.when === "later" ? "Until then you can cancel it." : ""}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="send" />
            <input type="hidden" name="when" value={confirm.when} />
            {confirm.when === "later" ? <input type="hidden" name="sendAt" value={confirm.sendAtLocal} /> : null}
            <input type="hidden" name="confirmed" value="yes" />
            <div className="actions">
              <button type="submit">Yes, send it to {people(confirm.count)}</button>
              <Link to={`/admin/announcements/${announcement.id}`}>Not yet</Link>
            </div>
          </Form>
        </section>
      ) : null}

      <FormAlert reply={result?.intent !== "save" && !confirm ? result?.reply : undefined} />

      {editable && !confirm ? (
        <>
          <h2>Send it</h2>
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="test" />
              <button type="submit" className="secondary">
                Send a test to me
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="send" />
              <input type="hidden" name="when" value="now" />
              <button type="submit">Send now</button>
            </Form>
          </div>
          <Form method="post" {...getFormProps(sendForm)}>
            <input type="hidden" name="intent" value="send" />
            <input type="hidden" name="when" value="later" />
            <div className="form-group">
              <label htmlFor={sendAt.id}>Send at</label>
              <Hint id={sendAt.descriptionId}>A date and time in the future, on a clock in Salford.</Hint>
              <input
                type="datetime-local"
                id={sendAt.id}
                name={sendAt.name}
                defaultValue={typeof sendAt.initialValue === "string" ? sendAt.initialValue : undefined}
                aria-invalid={sendAt.errors?.length ? true : undefined}
                aria-describedby={[sendAt.descriptionId, sendAt.errors?.length ? sendAt.errorId : ""].join(" ").trim()}
              />
              <FieldError id={sendAt.errorId} errors={sendAt.errors} />
            </div>
            <button type="submit" className="secondary">
              Schedule it
            </button>
          </Form>
        </>
      ) : null}
      {announcement.status === "scheduled" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="secondary">
            Cancel the sending
          </button>
        </Form>
      ) : null}

      <h2>Preview</h2>
      <p>
        As {me} would get it, subject “{preview.subject}”. Each person’s copy has their own unsubscribe and preferences
        links.
      </p>
      {/* The email's own HTML, rendered by the real template, in a sandbox: no scripts, no navigation. */}
      <iframe
        title={`Preview of the email: ${preview.subject}`}
        srcDoc={preview.html}
        sandbox=""
        className="email-preview"
        style={{ width: "100%", height: "36rem", border: "1px solid #c9c4b8", background: "#fff" }}
      />

      {editable ? (
        <>
          <h2>Edit</h2>
          <ErrorSummary errors={summaryOf(form.allErrors, fields)} />
          <FormAlert reply={result?.intent === "save" ? result.reply : undefined} />
          {/* Multipart: a long Markdown body is sent as it is, not percent-encoded to three times its size. */}
          <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="save" />
            <AnnouncementFormFields fields={fields} choices={choices} />
            <button type="submit">Save the changes</button>
          </Form>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
