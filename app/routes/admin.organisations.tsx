import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert } from "~/components/forms";
import { describeFlag } from "~/models/moderation";
import { listOrganisationsForReview, reviewOrganisation } from "~/models/organisation.server";
import { requireRole } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Organisations | Alliance admin" },
  metaDescription("Organisations waiting for the Alliance to verify them."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const organisations = await listOrganisationsForReview();
  return {
    organisations: organisations.map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      sector: o.sector.name,
      ward: o.ward.name,
      status: o.status,
      contactEmail: o.contactEmail,
      contactConfirmed: Boolean(o.contactConfirmedAt),
      website: o.website,
      description: o.description,
      rejectionReason: o.rejectionReason,
      moderation: o.moderation,
      moderationFlags: o.moderationFlags,
    })),
  };
}

// One schema for both forms on each card; the decision travels in a hidden field.
const ReviewSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("verify"), organisationId: z.string().uuid() }),
  z.object({
    decision: z.literal("reject"),
    organisationId: z.string().uuid(),
    reason: z
      .string({ required_error: "Give the reason for rejecting, in a sentence: it is emailed to them" })
      .trim()
      .min(5, "Give the reason for rejecting, in a sentence: it is emailed to them")
      .max(500, "Keep the reason to 500 characters or fewer"),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: ReviewSchema });
  if (submission.status !== "success")
    // Which card sent it, so its form shows the errors.
    return data(
      { organisationId: String(submission.payload.organisationId ?? ""), reply: submission.reply() },
      { status: 400 },
    );
  const review = submission.value;
  await reviewOrganisation(
    user,
    review.organisationId,
    review.decision,
    review.decision === "reject" ? review.reason : undefined,
  );
  return redirect("/admin/organisations");
}

type Organisation = ReturnType<typeof useLoaderData<typeof loader>>["organisations"][number];

function RejectForm({
  organisation,
  lastResult,
}: {
  organisation: Organisation;
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useForm({
    id: `reject-${organisation.id}`,
    lastResult,
    constraint: getZodConstraint(ReviewSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
  });
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <input type="hidden" name="decision" value="reject" />
      <input type="hidden" name="organisationId" value={organisation.id} />
      <Field meta={fields.reason} label={`Reason for rejecting ${organisation.name}`} />
      <button type="submit" className="secondary">
        Reject<span className="visually-hidden"> {organisation.name}</span>
      </button>
    </Form>
  );
}

export default function AdminOrganisationsPage() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // An answer for no reject form on the page is shown at the top.
  const shownAtReason = organisations.some((o) => o.id === result?.organisationId && o.status === "pending");
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Organisations</h1>
      <FormAlert reply={shownAtReason ? undefined : result?.reply} />
      {organisations.length === 0 ? <p>No organisations have registered yet.</p> : null}
      <ul className="pledge-list">
        {organisations.map((o) => (
          <li key={o.id} className="card" data-organisation={o.slug}>
            <h2>
              <Link to={`/organisations/${o.slug}`}>{o.name}</Link> <span className="tag">{o.status}</span>
            </h2>
            <p className="meta">
              {o.sector}, {o.ward}. Contact {o.contactEmail} ({o.contactConfirmed ? "confirmed" : "not confirmed yet"}).
              {o.website ? ` ${o.website}.` : ""}
            </p>
            <p>{o.description}</p>
            {o.moderation === "held" ? (
              <p data-testid="organisation-held">
                <strong>
                  Held by the filter
                  {o.moderationFlags.length ? `: ${o.moderationFlags.map(describeFlag).join(", ")}` : ""}.
                </strong>{" "}
                Verifying does not publish it: a moderator approves it in the <Link to="/admin/moderation">queue</Link>.
              </p>
            ) : o.moderation === "hidden" ? (
              <p data-testid="organisation-held">
                <strong>Hidden by the moderators.</strong> Verifying does not publish it.
              </p>
            ) : null}
            {o.rejectionReason ? <p>Rejected: {o.rejectionReason}</p> : null}
            {o.status === "verified" ? null : (
              <div className="actions">
                {/* Nothing to fill in: the server checks it with the same schema. */}
                <Form method="post">
                  <input type="hidden" name="decision" value="verify" />
                  <input type="hidden" name="organisationId" value={o.id} />
                  <button type="submit">
                    Verify<span className="visually-hidden"> {o.name}</span>
                  </button>
                </Form>
                {o.status === "pending" ? (
                  <RejectForm
                    organisation={o}
                    lastResult={result?.organisationId === o.id ? result.reply : undefined}
                  />
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
