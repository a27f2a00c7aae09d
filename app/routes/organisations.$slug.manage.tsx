import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CommitmentProgress, toCommitmentView } from "~/components/commitment-progress";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { inviteEditor, listMembers, withdrawCommitment } from "~/models/organisation.server";
import { requireOrganisationRole } from "~/guards/organisation-role.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { EmailSchema } from "~/utils/email-address";

export const meta: MetaFunction = () => [{ title: "Manage your organisation | Salford Social Value City" }, metaDescription("Manage your organisation's profile, commitments and editors.")];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  const members = await listMembers(organisation.id);
  return {
    role,
    organisation: {
      slug: organisation.slug,
      name: organisation.name,
      status: organisation.status,
      rejectionReason: organisation.rejectionReason,
      contactConfirmed: Boolean(organisation.contactConfirmedAt),
      contactEmail: organisation.contactEmail,
    },
    commitments: organisation.commitments.map(toCommitmentView),
    members: members.map((m) => ({ email: m.user.email, role: m.role })),
  };
}

const ManageAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw-commitment"), commitmentId: z.string().uuid() }),
  z.object({ intent: z.literal("invite"), email: EmailSchema("Enter the email address of the person to invite") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, role } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  const parsed = ManageAction.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  if (parsed.data.intent === "invite") {
    // Only owners bring in new editors.
    if (role === "editor") throw new Response("Only the organisation’s owner can invite editors.", { status: 403 });
    await inviteEditor(organisation, parsed.data.email);
    return redirect(`/organisations/${organisation.slug}/manage?invited=1`);
  }
  if (!(await withdrawCommitment(organisation.id, parsed.data.commitmentId))) throw new Response("Commitment not found", { status: 404 });
  return redirect(`/organisations/${organisation.slug}/manage?withdrawn=1`);
}

export default function ManagePage() {
  const { role, organisation, commitments, members } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to={`/organisations/${organisation.slug}`}>{organisation.name}’s public profile</Link>
      </p>
      <h1>Manage {organisation.name}</h1>
      {params.get("registered") === "1" ? (
        <p className="notice" role="status">
          Registered. We have emailed {organisation.contactEmail} a link to confirm it; the Alliance then verifies the organisation.
        </p>
      ) : null}
      {params.get("invited") === "1" ? <p className="notice" role="status">Invitation sent.</p> : null}
      <p>
        Status:{" "}
        <strong data-testid="organisation-status">
          {organisation.status === "verified" ? "verified" : organisation.status === "pending" ? "waiting for verification" : "not verified"}
        </strong>
        {organisation.status === "rejected" && organisation.rejectionReason ? ` (${organisation.rejectionReason})` : null}.
        {organisation.contactConfirmed ? " Contact email confirmed." : " Contact email not confirmed yet: look for our email."}
      </p>
      <h2>Commitments</h2>
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
              <input type="hidden" name="commitmentId" value={c.id} />
              <button type="submit" name="intent" value="withdraw-commitment" className="secondary">
                Withdraw<span className="visually-hidden"> “{c.title}”</span>
              </button>
            </Form>
          </div>
        </div>
      ))}
      <h2>Members</h2>
      <ul>
        {members.map((m) => (
          <li key={m.email}>
            {m.email} ({m.role})
          </li>
        ))}
      </ul>
      {role === "editor" ? null : (
        <Form method="post" className="card">
          <div className="form-group">
            <label htmlFor="invite-email">Invite a colleague as an editor</label>
            <span className="hint" id="invite-hint">They can publish commitments and report progress.</span>
            <input
              type="email"
              id="invite-email"
              name="email"
              required
              aria-invalid={result?.error ? true : undefined}
              aria-describedby={result?.error ? "invite-hint invite-error" : "invite-hint"}
            />
            {result?.error ? (
              <span id="invite-error" className="field-error">
                {result.error}
              </span>
            ) : null}
          </div>
          <button type="submit" name="intent" value="invite">
            Send the invitation
          </button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
