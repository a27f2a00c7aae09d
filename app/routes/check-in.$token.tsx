import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Choice, ChoiceGroup, choiceId, ErrorSummary, Field, summaryOf } from "~/components/forms";
import { CHECK_IN_CHOICES, CheckInSchema, CHOICE_LABELS, NOTE_MAX } from "~/models/check-in";
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

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: CheckInSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const checkIn = submission.value;
  const result = await recordCheckIn(params.token ?? "", { ...checkIn, isPublic: checkIn.isPublic === "on" });
  if (result.status === "invalid")
    throw new Response("This check-in link has expired or is not valid", { status: 404 });
  if (result.status === "duplicate")
    return data(submission.reply({ fieldErrors: { newWords: ["You already have a pledge with those words"] } }), {
      status: 400,
    });
  // Words the filter held (a note for the page, new words for the pledge): the pledge's page says they wait for a check.
  return redirect(`/pledges/${result.pledgeId}?checkedIn=${checkIn.choice}${result.held ? "&held=1" : ""}`);
}

export default function CheckInPage() {
  const { pledge, choice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "check-in",
    lastResult,
    defaultValue: { choice, newWords: choice === "change" ? pledge?.commitment : undefined },
    constraint: getZodConstraint(CheckInSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckInSchema }),
  });
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
      <ErrorSummary errors={summaryOf(form.allErrors, fields, { choice: choiceId("choice", CHECK_IN_CHOICES[0]) })} />
      <Form method="post" {...getFormProps(form)}>
        <ChoiceGroup
          meta={fields.choice}
          type="radio"
          legend="Where are you with it?"
          idPrefix="choice"
          options={CHECK_IN_CHOICES.map((c) => ({ value: c, label: CHOICE_LABELS[c] }))}
        />
        <Field
          meta={fields.newWords}
          label="New words for your pledge (only if you are changing it)"
          hint={`${COMMITMENT_MIN} to ${COMMITMENT_MAX} characters.`}
          multiline
          maxLength={COMMITMENT_MAX}
        />
        <Field
          meta={fields.note}
          label="A note (optional)"
          hint="What happened, or what would help. If you need a hand, say with what."
          multiline
          maxLength={NOTE_MAX}
        />
        <Choice
          {...getInputProps(fields.isPublic, { type: "checkbox" })}
          label="Show this check-in and note on my pledge’s public page"
        />
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
