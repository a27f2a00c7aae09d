import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CommitmentProgress, toCommitmentView } from "~/components/commitment-progress";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert } from "~/components/forms";
import { formatEventTime } from "~/models/event";
import { HELD_MESSAGE } from "~/models/moderation";
import { listOrganisationEvents } from "~/models/event-admin.server";
import { inviteEditor, listMembers, withdrawCommitment } from "~/models/organisation.server";
import { requireOrganisationRole } from "~/guards/organisation-role.server";
import { recordIfAdminActing } from "~/models/audit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { EmailSchema } from "~/utils/email-address";

export const meta: MetaFunction = () => [
  { title: "Manage your organisation | Salford Social Value City" },
  metaDescription("Manage your organisation's profile, commitments and editors."),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  const [members, events] = await Promise.all([listMembers(organisation.id), listOrganisationEvents(organisation.id)]);
  return {
    role,
    events: events.map((e) => ({
      id: e.id,
      title: e.title,
      status: e.status,
      when: formatEventTime(e.startsAt, e.endsAt),
    })),
    organisation: {
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      status: organisation.status,
      moderation: organisation.moderation,
      rejectionReason: organisation.rejectionReason,
      contactConfirmed: Boolean(organisation.contactConfirmedAt),
      contactEmail: organisation.contactEmail,
    },
    commitments: organisation.commitments.map((c) => toCommitmentView(c, { members: true })),
    members: members.map((m) => ({ email: m.user.email, role: m.role })),
  };
}

// One schema for the page's forms; the intent travels in a hidden field.
const ManageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw-commitment"), commitmentId: z.string().uuid() }),
  z.object({ intent: z.literal("invite"), email: EmailSchema("Enter the email address of the person to invite") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation, role } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  const submission = parseWithZod(await readForm(request), { schema: ManageSchema });
  if (submission.status !== "success")
    return data({ intent: String(submission.payload.intent ?? ""), reply: submission.reply() }, { status: 400 });
  const sent = submission.value;
  if (sent.intent === "invite") {
    // Only owners bring in new editors.
    if (role === "editor") throw new Response("Only the organisation’s owner can invite editors.", { status: 403 });
    await inviteEditor(organisation, sent.email);
    await recordIfAdminActing(user, role, {
      action: "organisation.invite",
      subject: { kind: "organisation", id: organisation.id },
      summary: `Invited ${sent.email} to edit ${organisation.name}`,
      after: { invited: sent.email },
    });
    return redirect(`/organisations/${organisation.slug}/manage?invited=1`);
  }
  if (!(await withdrawCommitment(organisation.id, sent.commitmentId)))
    throw new Response("Commitment not found", { status: 404 });
  await recordIfAdminActing(user, role, {
    action: "commitment.withdraw",
    subject: { kind: "organisation", id: organisation.id },
    summary: `Withdrew a commitment of ${organisation.name}`,
    after: { commitmentId: sent.commitmentId, status: "withdrawn" },
  });
  return redirect(`/organisations/${organisation.slug}/manage?withdrawn=1`);
}

export default function ManagePage() {
  const { role, organisation, commitments, members, events } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [inviteForm, inviteFields] = useForm({
    id: "invite",
    lastResult: result?.intent === "invite" ? result.reply : undefined,
    constraint: getZodConstraint(ManageSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ManageSchema }),
  });
  return (
    <>
      <p>
        <Link to={`/organisations/${organisation.slug}`}>{organisation.name}’s public profile</Link>
      </p>
      <h1>Manage {organisation.name}</h1>
      {params.get("registered") === "1" ? (
        <p className="notice" role="status">
          Registered. We have emailed {organisation.contactEmail} a link to confirm it; the Alliance then verifies the
          organisation.
        </p>
      ) : null}
      {params.get("progress") === "held" ? (
        <p className="notice" role="status">
          Progress reported. {HELD_MESSAGE}
        </p>
      ) : params.get("progress") === "1" ? (
        <p className="notice" role="status">
          Progress reported.
        </p>
      ) : null}
      {params.get("invited") === "1" ? (
        <p className="notice" role="status">
          Invitation sent.
        </p>
      ) : null}
      <p>
        Status:{" "}
        <strong data-testid="organisation-status">
          {organisation.status === "verified"
            ? "verified"
            : organisation.status === "pending"
              ? "waiting for verification"
              : "not verified"}
        </strong>
        {organisation.status === "rejected" && organisation.rejectionReason
          ? ` (${organisation.rejectionReason})`
          : null}
        .
        {organisation.contactConfirmed
          ? " Contact email confirmed."
          : " Contact email not confirmed yet: look for our email."}
      </p>
      {organisation.moderation === "held" ? (
        <p className="notice" data-testid="organisation-moderation">
          Its name and description wait for a quick check by the Alliance’s moderators (they looked like they contain a
          link or a word on the Alliance’s list). Until a moderator approves them, the organisation is not shown
          publicly, even once verified; its commitments still count.
        </p>
      ) : organisation.moderation === "hidden" ? (
        <p className="notice" data-testid="organisation-moderation">
          The Alliance’s moderators hid this organisation: it is not shown publicly, and its commitments still count.
        </p>
      ) : null}
      <h2>Commitments</h2>
      {/* A withdrawal is a button: its only errors come from a page that is out of date (or a made-up form). */}
      <FormAlert reply={result?.intent === "invite" ? undefined : result?.reply} />
      <p>
        <Link to={`/organisations/${organisation.slug}/commitments/new`} className="button">
          Publish a commitment
        </Link>
      </p>
      {commitments.map((c) => (
        <div key={c.id}>
          <CommitmentProgress commitment={c} />
          <div className="actions">
            <Link to={`/organisations/${organisation.slug}/commitments/${c.id}/progress`}>
              Report progress<span className="visually-hidden"> on “{c.title}”</span>
            </Link>
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw-commitment" />
              <input type="hidden" name="commitmentId" value={c.id} />
              <button type="submit" className="secondary">
                Withdraw<span className="visually-hidden"> “{c.title}”</span>
              </button>
            </Form>
          </div>
        </div>
      ))}
      <h2>Events</h2>
      {organisation.status === "verified" ? (
        <p>
          <Link to={`/events/new?${new URLSearchParams({ organisation: organisation.id })}`} className="button">
            Make an event
          </Link>
        </p>
      ) : (
        <p>Once the organisation is verified, you can make events here.</p>
      )}
      {events.length ? (
        <ul>
          {events.map((e) => (
            <li key={e.id}>
              <Link to={`/events/${e.id}/manage`}>{e.title}</Link>: {e.when}
              {e.status === "published" ? "" : ` (${e.status})`}
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Members</h2>
      <ul>
        {members.map((m) => (
          <li key={m.email}>
            {m.email} ({m.role})
          </li>
        ))}
      </ul>
      {role === "editor" ? null : (
        <Form method="post" className="card" {...getFormProps(inviteForm)}>
          <input type="hidden" name="intent" value="invite" />
          <Field
            meta={inviteFields.email}
            label="Invite a colleague as an editor"
            hint="They can publish commitments and report progress."
            type="email"
            spellCheck={false}
          />
          <button type="submit">Send the invitation</button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
