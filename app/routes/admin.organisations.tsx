import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listOrganisationsForReview, reviewOrganisation } from "~/models/organisation.server";
import { requireRole } from "~/utils/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [{ title: "Organisations | Alliance admin" }, metaDescription("Organisations waiting for the Alliance to verify them.")];

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
    })),
  };
}

const Review = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("verify"), organisationId: z.string().uuid() }),
  z.object({
    decision: z.literal("reject"),
    organisationId: z.string().uuid(),
    reason: z.string().trim().min(5, "Give the reason for rejecting, in a sentence: it is emailed to them").max(500),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, ["admin"]);
  const parsed = Review.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  await reviewOrganisation(parsed.data.organisationId, parsed.data.decision, parsed.data.decision === "reject" ? parsed.data.reason : undefined);
  return redirect("/admin/organisations");
}

export default function AdminOrganisationsPage() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Organisations</h1>
      {result?.error ? (
        <p className="field-error" role="alert">
          {result.error}
        </p>
      ) : null}
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
            {o.rejectionReason ? <p>Rejected: {o.rejectionReason}</p> : null}
            {o.status === "verified" ? null : (
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="organisationId" value={o.id} />
                  <button type="submit" name="decision" value="verify">
                    Verify<span className="visually-hidden"> {o.name}</span>
                  </button>
                </Form>
                {o.status === "pending" ? (
                  <Form method="post" className="card">
                    <input type="hidden" name="organisationId" value={o.id} />
                    <div className="form-group">
                      <label htmlFor={`reason-${o.id}`}>Reason for rejecting {o.name}</label>
                      <input type="text" id={`reason-${o.id}`} name="reason" />
                    </div>
                    <button type="submit" name="decision" value="reject" className="secondary">
                      Reject<span className="visually-hidden"> {o.name}</span>
                    </button>
                  </Form>
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
