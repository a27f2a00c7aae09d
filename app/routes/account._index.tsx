import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert } from "~/components/forms";
import { QualityTags } from "~/components/pledge-card";
import { HELD_MESSAGE, HIDDEN_PLEDGE_WORDS } from "~/models/moderation";
import { listMemberships } from "~/models/organisation.server";
import { COMMITMENT_MAX, COMMITMENT_MIN, CommitmentWordsSchema } from "~/models/pledge";
import { listOwnPledges, markPledgeDone, updateCommitment, withdrawPledge } from "~/models/pledge-owner.server";
import { requireUser } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Your account | Salford Social Value City" },
  metaDescription("Your pledges and organisations: mark a pledge done, reword it or withdraw it."),
];

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
      moderation: p.moderation,
    })),
    organisations: memberships.map((m) => ({ ...m.organisation, role: m.role })),
  };
}

// One schema for the forms on each pledge; the intent travels in a hidden field.
const AccountSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw"), pledgeId: z.string().uuid() }),
  z.object({ intent: z.literal("done"), pledgeId: z.string().uuid() }),
  z.object({ intent: z.literal("edit"), pledgeId: z.string().uuid(), commitment: CommitmentWordsSchema }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: AccountSchema });
  // Which pledge's form sent it, so that form shows the errors.
  const answer = (reply: SubmissionResult<string[]>) =>
    data(
      { pledgeId: String(submission.payload.pledgeId ?? ""), intent: String(submission.payload.intent ?? ""), reply },
      { status: 400 },
    );
  if (submission.status !== "success") return answer(submission.reply());
  const { intent, pledgeId } = submission.value;
  if (intent === "withdraw") {
    if (!(await withdrawPledge(pledgeId, user.email))) throw new Response("Pledge not found", { status: 404 });
    return redirect("/account?withdrawn=1");
  }
  if (intent === "done") {
    if (!(await markPledgeDone(pledgeId, user.email))) throw new Response("Pledge not found", { status: 404 });
    return redirect("/account?done=1");
  }
  const result = await updateCommitment(pledgeId, user.email, submission.value.commitment);
  if (result === "not-found") throw new Response("Pledge not found", { status: 404 });
  if (result === "duplicate")
    return answer(submission.reply({ fieldErrors: { commitment: ["You already have a pledge with those words."] } }));
  return redirect(result === "held" ? "/account?edited=held" : "/account?edited=1");
}

type OwnPledge = ReturnType<typeof useLoaderData<typeof loader>>["pledges"][number];

function EditWordsForm({ pledge, lastResult }: { pledge: OwnPledge; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm({
    id: `edit-${pledge.id}`,
    lastResult,
    defaultValue: { commitment: pledge.commitment },
    constraint: getZodConstraint(AccountSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccountSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="edit" />
      <input type="hidden" name="pledgeId" value={pledge.id} />
      <Field
        meta={fields.commitment}
        label="Change the words of this pledge"
        hint={`${COMMITMENT_MIN} to ${COMMITMENT_MAX} characters.`}
        multiline
        maxLength={COMMITMENT_MAX}
      />
      <button type="submit" className="secondary">
        Save the new words
      </button>
    </Form>
  );
}

export default function AccountPage() {
  const { email, pledges, organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  // Errors no words form on the page can show ("done" and "withdraw" are buttons, so only
  // a page that is out of date or a made-up form has them) are shown at the top.
  const shownAtWords = result?.intent === "edit" && pledges.some((p) => p.id === result.pledgeId && !p.withdrawn);

  return (
    <>
      <h1>Your account</h1>
      <p>Signed in as {email}.</p>
      <h2>Your pledges</h2>
      {params.get("edited") === "held" ? (
        <p className="notice" role="status">
          {HELD_MESSAGE}
        </p>
      ) : null}
      <FormAlert reply={shownAtWords ? undefined : result?.reply} />
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
                {pledge.withdrawn ? (
                  <strong> Withdrawn.</strong>
                ) : pledge.done ? (
                  <strong> Done: well done!</strong>
                ) : null}
              </p>
              {pledge.withdrawn ? null : pledge.moderation === "held" ? (
                <p className="meta">
                  Waiting for a quick check by the Alliance’s moderators: until then others see “{HIDDEN_PLEDGE_WORDS}”
                  without your name. It counts all the same.
                </p>
              ) : pledge.moderation === "hidden" ? (
                <p className="meta">
                  Hidden by the Alliance’s moderators: others see “{HIDDEN_PLEDGE_WORDS}” without your name. It counts
                  all the same.
                </p>
              ) : null}
              {pledge.withdrawn ? null : (
                <>
                  <EditWordsForm
                    pledge={pledge}
                    lastResult={result?.intent === "edit" && result.pledgeId === pledge.id ? result.reply : undefined}
                  />
                  <div className="actions">
                    {pledge.done ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="done" />
                        <input type="hidden" name="pledgeId" value={pledge.id} />
                        <button type="submit">I have done it</button>
                      </Form>
                    )}
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="pledgeId" value={pledge.id} />
                      <button type="submit" className="secondary">
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
      <h2>The Alliance's news</h2>
      <p>
        <Link to="/account/news">The Alliance’s news by email</Link>: choose whether the Alliance may email you its news
        (each email has a one-click unsubscribe).
      </p>
      <h2>Signing out</h2>
      <div className="actions">
        <Form method="post" action="/logout">
          <button type="submit" className="secondary">
            Sign out
          </button>
        </Form>
        <Form method="post" action="/logout">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="secondary">
            Sign out on every device
          </button>
        </Form>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
