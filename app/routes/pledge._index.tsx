import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod, unstable_coerceFormValue as coerceFormValue } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import {
  Choice,
  ChoiceGroup,
  choiceId,
  ErrorSummary,
  Field,
  FieldError,
  HoneypotField,
  isHoneypotFilled,
  summaryOf,
} from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { rateLimitAddress } from "~/load-context";
import { COMMITMENT_MAX, COMMITMENT_MIN, OWN_WORDS, PledgeSchema } from "~/models/pledge";
import { createPledge } from "~/models/pledge-signup.server";
import { SalfordPostcodeSchema } from "~/models/postcode.server";
import { lookupPostcode } from "~/models/ward.server";
import { QUALITIES } from "~/reference/qualities";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Make a pledge | Salford Social Value City" },
  metaDescription(
    "Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.",
  ),
];

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit(
    "pledge",
    rateLimitAddress(context),
    "We have had a lot of pledges from your connection in the last minute.",
  );
  const formData = await readForm(request);
  // A bot filled the hidden field: look successful, store nothing.
  if (isHoneypotFilled(formData)) return redirect("/pledge/sent");

  const submission = parseWithZod(formData, { schema: CoercedServerPledgeSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const place = lookupPostcode(submission.value.postcode);
  if (place.status !== "found") throw new Error("postcode checked by the schema was not found");
  await createPledge(submission.value, place.location.wardCode, place.location.postcode);
  return redirect("/pledge/sent");
}

// The server also places the postcode in its ward (the one Salford-postcode rule).
const ServerPledgeSchema = PledgeSchema.and(SalfordPostcodeSchema);
// Conform builds the form-coercing copy of a schema on every parse unless it is
// given one: on the sign-up path that was a third of the CPU (bench/run.ts).
const CoercedServerPledgeSchema = coerceFormValue(ServerPledgeSchema);

export default function PledgePage() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "pledge",
    lastResult,
    constraint: getZodConstraint(PledgeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PledgeSchema }),
  });
  const summary = summaryOf(form.allErrors, fields, {
    qualities: choiceId("quality", QUALITIES[0]!.key),
    suggestion: choiceId("suggestion", QUALITIES[0]!.suggestions[0]!.id),
    nameDisplay: choiceId("name-display", "full"),
  });

  return (
    <>
      <h1>Make your Social Value City pledge</h1>
      <p className="lead">
        Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.
      </p>
      <ErrorSummary errors={summary} />
      <Form method="post" className="pledge-form" {...getFormProps(form)}>
        <HoneypotField />
        <Field meta={fields.name} label="Your name" autoComplete="name" />
        <Field
          meta={fields.email}
          label="Email address"
          hint="We send one email to confirm your pledge. We never show it."
          type="email"
          autoComplete="email"
          spellCheck={false}
        />
        <Field
          meta={fields.postcode}
          label="Salford postcode"
          hint="Where you live, work or study. It places your pledge in a ward; we never show the postcode."
          className="postcode"
          autoComplete="postal-code"
        />

        <ChoiceGroup
          meta={fields.qualities}
          type="checkbox"
          className="quality-choice"
          legend="Which qualities does your pledge show?"
          hint="Choose one or more. They come from research into five Salford organisations."
          idPrefix="quality"
          options={QUALITIES.map((quality) => ({
            value: quality.key,
            label: (
              <>
                <strong>{quality.name}</strong>
                {quality.summary}
              </>
            ),
          }))}
        />

        <ChoiceGroup
          meta={fields.suggestion}
          type="radio"
          legend="Your commitment"
          hint="Choose a suggestion, or write your own."
          idPrefix="suggestion"
          sections={QUALITIES.map((quality) => ({
            key: quality.key,
            heading: quality.name,
            className: "suggestion-group",
            data: { "data-quality": quality.key },
            options: quality.suggestions.map((suggestion) => ({ value: suggestion.id, label: suggestion.text })),
          }))}
          options={[{ value: OWN_WORDS, label: "In my own words" }]}
        >
          <Field
            meta={fields.ownWords}
            label="Your commitment in your own words"
            hint={`If no suggestion fits: ${COMMITMENT_MIN} to ${COMMITMENT_MAX} characters, starting “I will…”.`}
            multiline
            maxLength={COMMITMENT_MAX}
          />
        </ChoiceGroup>

        <Field
          meta={fields.targetDate}
          label="By when? (optional)"
          hint="If you give a date, we remind you a week before it."
          type="date"
        />

        <ChoiceGroup
          meta={fields.nameDisplay}
          type="radio"
          legend="How should your name appear with your pledge?"
          idPrefix="name-display"
          defaultValue="initial"
          options={[
            { value: "full", label: "My full name" },
            { value: "initial", label: "My first name and the initial of my last name" },
            { value: "anonymous", label: "Anonymous: “A Salford resident”" },
          ]}
        />

        <fieldset className="form-group">
          <legend>Emails</legend>
          <Choice
            {...getInputProps(fields.nudgeConsent, { type: "checkbox" })}
            label="Email me to confirm my pledge, and a few reminders to help me keep it (you can stop them at any time)."
          />
          <FieldError id={fields.nudgeConsent.errorId} errors={fields.nudgeConsent.errors} />
          <Choice
            {...getInputProps(fields.newsConsent, { type: "checkbox" })}
            label="Also send me news from the Salford Social Value Alliance (optional)."
          />
        </fieldset>

        <button type="submit">Make my pledge</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
