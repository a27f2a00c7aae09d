import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CHECK_IN_CHOICES, CHOICE_LABELS } from "~/models/check-in";
import { getPledgeForCheckIn, recordCheckIn } from "~/models/check-in.server";
import { COMMITMENT_MAX, COMMITMENT_MIN } from "~/models/pledge";
import { tokenPageMeta } from "~/utils/meta";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => tokenPageMeta("Check in on your pledge");

/** The emailed one-tap link opens this page; only its POST records anything (mail scanners follow links). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const pledge = await getPledgeForCheckIn(params.token ?? "");
  if (!pledge) return { pledge: null, choice: null };
  const choice = z.enum(CHECK_IN_CHOICES).catch("going").parse(new URL(request.url).searchParams.get("choice"));
  return { pledge: { commitment: pledge.commitment, done: Boolean(pledge.doneAt) }, choice };
}

const CheckInSchema = z
  .object({
    choice: z.enum(CHECK_IN_CHOICES, { errorMap: () => ({ message: "Choose how it is going" }) }),
    note: z.string().trim().max(500, "Keep the note to 500 characters or fewer").optional(),
    isPublic: z.literal("on").optional(),
    newWords: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.choice === "change" && (!v.newWords || v.newWords.length < COMMITMENT_MIN || v.newWords.length > COMMITMENT_MAX))
      ctx.addIssue({ code: "custom", path: ["newWords"], message: `Write your new pledge in ${COMMITMENT_MIN} to ${COMMITMENT_MAX} characters` });
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const parsed = CheckInSchema.safeParse(Object.fromEntries(Object.entries(form).filter(([, v]) => v !== "")));
  if (!parsed.success)
    return data({ errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 400 });
  const result = await recordCheckIn(params.token ?? "", { ...parsed.data, isPublic: parsed.data.isPublic === "on" });
  if (result.status === "invalid") throw new Response("This check-in link has expired or is not valid", { status: 404 });
  if (result.status === "duplicate") return data({ errors: { newWords: "You already have a pledge with those words" } }, { status: 400 });
  return redirect(`/pledges/${result.pledgeId}?checkedIn=${parsed.data.choice}`);
}

export default function CheckInPage() {
  const { pledge, choice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = (result?.errors ?? {}) as Record<string, string>;
  if (!pledge)
    return (
      <>
        <h1>This check-in link has expired or is not valid</h1>
        <p>
          You can still <Link to="/login">sign in</Link> to see and update your pledges.
        </p>
      </>
    );
  return (
    <>
      <h1>How is your pledge going?</h1>
      <blockquote className="pledge-quote card">“{pledge.commitment}”</blockquote>
      <Form method="post">
        <fieldset className="form-group" aria-describedby={errors.choice ? "choice-error" : undefined}>
          <legend>Where are you with it?</legend>
          {errors.choice ? <span id="choice-error" className="field-error">{errors.choice}</span> : null}
          {CHECK_IN_CHOICES.map((c) => (
            <div className="choice" key={c}>
              <input type="radio" id={`choice-${c}`} name="choice" value={c} defaultChecked={c === choice} />
              <label htmlFor={`choice-${c}`}>{CHOICE_LABELS[c]}</label>
            </div>
          ))}
        </fieldset>
        <div className="form-group">
          <label htmlFor="new-words">New words for your pledge (only if you are changing it)</label>
          <textarea id="new-words" name="newWords" maxLength={COMMITMENT_MAX} defaultValue={choice === "change" ? pledge.commitment : ""}
            aria-invalid={errors.newWords ? true : undefined} aria-describedby={errors.newWords ? "new-words-error" : undefined} />
          {errors.newWords ? <span id="new-words-error" className="field-error">{errors.newWords}</span> : null}
        </div>
        <div className="form-group">
          <label htmlFor="note">A note (optional)</label>
          <span className="hint" id="note-hint">What happened, or what would help. If you need a hand, say with what.</span>
          <textarea id="note" name="note" maxLength={500} aria-describedby={errors.note ? "note-hint note-error" : "note-hint"} />
          {errors.note ? <span id="note-error" className="field-error">{errors.note}</span> : null}
        </div>
        <div className="choice">
          <input type="checkbox" id="is-public" name="isPublic" />
          <label htmlFor="is-public">Show this check-in and note on my pledge’s public page</label>
        </div>
        <p>
          <button type="submit">Send my check-in</button>
        </p>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
