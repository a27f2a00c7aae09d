import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QualityTags } from "~/components/pledge-card";
import { listMemberships } from "~/models/organisation.server";
import { COMMITMENT_MAX, COMMITMENT_MIN } from "~/models/pledge";
import { listOwnPledges, markPledgeDone, updateCommitment, withdrawPledge } from "~/models/pledge-owner.server";
import { requireUser } from "~/utils/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [{ title: "Your account | Salford Social Value City" }, metaDescription("Your pledges and organisations: mark a pledge done, reword it or withdraw it.")];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [pledges, memberships] = await Promise.all([listOwnPledges(user.email), listMemberships(user.id)]);
  return {
    email: user.email,
    pledges: pledges.map((p) => ({
      id: p.id,
      commitment: p.commitment,
      qualities: p.qualities,
      wardName: p.ward.name,
      done: Boolean(p.doneAt),
      withdrawn: Boolean(p.withdrawnAt),
    })),
    organisations: memberships.map((m) => ({ ...m.organisation, role: m.role })),
  };
}

const PledgeAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw"), pledgeId: z.string().uuid() }),
  z.object({ intent: z.literal("done"), pledgeId: z.string().uuid() }),
  z.object({
    intent: z.literal("edit"),
    pledgeId: z.string().uuid(),
    commitment: z
      .string()
      .trim()
      .min(COMMITMENT_MIN, `Write your commitment in at least ${COMMITMENT_MIN} characters`)
      .max(COMMITMENT_MAX, `Keep your commitment to ${COMMITMENT_MAX} characters or fewer`),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = PledgeAction.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ pledgeId: null, error: parsed.error.issues[0]!.message }, { status: 400 });
  const { intent, pledgeId } = parsed.data;
  if (intent === "withdraw") {
    if (!(await withdrawPledge(pledgeId, user.email))) throw new Response("Pledge not found", { status: 404 });
    return redirect("/account?withdrawn=1");
  }
  if (intent === "done") {
    if (!(await markPledgeDone(pledgeId, user.email))) throw new Response("Pledge not found", { status: 404 });
    return redirect("/account?done=1");
  }
  const result = await updateCommitment(pledgeId, user.email, parsed.data.commitment);
  if (result === "not-found") throw new Response("Pledge not found", { status: 404 });
  if (result === "duplicate")
    return data({ pledgeId, error: "You already have a pledge with those words." }, { status: 400 });
  return redirect("/account?edited=1");
}

export default function AccountPage() {
  const { email, pledges, organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Your account</h1>
      <p>Signed in as {email}.</p>
      <h2>Your pledges</h2>
      {pledges.length === 0 ? (
        <p>
          You have no confirmed pledges with this address. <Link to="/pledge">Make a pledge</Link>
        </p>
      ) : (
        <ul className="pledge-list">
          {pledges.map((pledge) => (
            <li key={pledge.id} className="card" data-pledge={pledge.id}>
              <blockquote className="pledge-quote">“{pledge.commitment}”</blockquote>
              <p className="meta">
                {pledge.wardName}. <QualityTags qualities={pledge.qualities} />
                {pledge.withdrawn ? <strong> Withdrawn.</strong> : pledge.done ? <strong> Done: well done!</strong> : null}
              </p>
              {pledge.withdrawn ? null : (
                <>
                  <Form method="post">
                    <input type="hidden" name="pledgeId" value={pledge.id} />
                    <div className="form-group">
                      <label htmlFor={`edit-${pledge.id}`}>Change the words of this pledge</label>
                      <textarea
                        id={`edit-${pledge.id}`}
                        name="commitment"
                        defaultValue={pledge.commitment}
                        maxLength={COMMITMENT_MAX}
                        aria-invalid={result?.pledgeId === pledge.id ? true : undefined}
                        aria-describedby={result?.pledgeId === pledge.id ? `edit-${pledge.id}-error` : undefined}
                      />
                      {result?.pledgeId === pledge.id ? (
                        <span id={`edit-${pledge.id}-error`} className="field-error">
                          {result.error}
                        </span>
                      ) : null}
                    </div>
                    <button type="submit" name="intent" value="edit" className="secondary">
                      Save the new words
                    </button>
                  </Form>
                  <div className="actions">
                    {pledge.done ? null : (
                      <Form method="post">
                        <input type="hidden" name="pledgeId" value={pledge.id} />
                        <button type="submit" name="intent" value="done">
                          I have done it
                        </button>
                      </Form>
                    )}
                    <Form method="post">
                      <input type="hidden" name="pledgeId" value={pledge.id} />
                      <button type="submit" name="intent" value="withdraw" className="secondary">
                        Withdraw this pledge
                      </button>
                    </Form>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>Your organisations</h2>
      {organisations.length === 0 ? (
        <p>
          <Link to="/organisations/new">Register an organisation</Link>
        </p>
      ) : (
        <ul>
          {organisations.map((o) => (
            <li key={o.slug}>
              <Link to={`/organisations/${o.slug}/manage`}>{o.name}</Link> ({o.role}, {o.status})
            </li>
          ))}
        </ul>
      )}
      <h2>Signing out</h2>
      <div className="actions">
        <Form method="post" action="/logout">
          <button type="submit" className="secondary">Sign out</button>
        </Form>
        <Form method="post" action="/logout">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="secondary">Sign out on every device</button>
        </Form>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
