import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod, unstable_coerceFormValue as coerceFormValue } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field, FieldError, HoneypotField, Hint, isHoneypotFilled } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { rateLimitAddress } from "~/load-context";
import { COMMITMENT_MAX, COMMITMENT_MIN, OWN_WORDS, PledgeSchema } from "~/models/pledge";
import { createPledge } from "~/models/pledge-signup.server";
import { lookupPostcode } from "~/models/ward.server";
import { QUALITIES } from "~/reference/qualities";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Make a pledge | Salford Social Value City" }, metaDescription("Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.")];

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

// The server also places the postcode in its ward. Joined with .and so this
// error shows together with any others, not only once the rest are right.
const ServerPledgeSchema = PledgeSchema.and(
  z.object({
    // Trimmed as PledgeSchema trims it: the two sides of .and must agree on the value.
    postcode: z.string().trim().superRefine((raw, ctx) => {
      if (!raw.trim()) return;
      const place = lookupPostcode(raw);
      if (place.status === "invalid") ctx.addIssue({ code: "custom", message: "Enter a full UK postcode, like M5 4WT" });
      if (place.status === "outside-salford")
        ctx.addIssue({
          code: "custom",
          message: `${place.postcode} is not in Salford. Use the postcode of where you live, work or study in Salford`,
        });
    }),
  }),
);
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
  const fieldIds: Record<string, string> = {
    name: fields.name.id,
    email: fields.email.id,
    postcode: fields.postcode.id,
    qualities: "quality-values",
    suggestion: `suggestion-${QUALITIES[0]!.suggestions[0]!.id}`,
    ownWords: fields.ownWords.id,
    nameDisplay: "name-display-full",
    nudgeConsent: fields.nudgeConsent.id,
    targetDate: fields.targetDate.id,
  };
  const summary = Object.entries(form.allErrors)
    .filter(([name, errors]) => name in fieldIds && errors.length)
    .map(([name, errors]) => ({ fieldId: fieldIds[name]!, message: errors[0]! }));
  const chosenQualities = new Set([fields.qualities.initialValue ?? []].flat());
  const chosenSuggestion = fields.suggestion.initialValue;
  const chosenDisplay = fields.nameDisplay.initialValue ?? "initial";

  return (
    <>
      <h1>Make your Social Value City pledge</h1>
      <p className="lead">
        Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.
      </p>
      <ErrorSummary errors={summary} />
      <Form method="post" className="pledge-form" {...getFormProps(form)}>
        <HoneypotField />
        <div className="form-group">
          <label htmlFor={fields.name.id}>Your name</label>
          <input
            {...getInputProps(fields.name, { type: "text" })}
            autoComplete="name"
            aria-describedby={fields.name.errors ? fields.name.errorId : undefined}
          />
          <FieldError id={fields.name.errorId} errors={fields.name.errors} />
        </div>
        <div className="form-group">
          <label htmlFor={fields.email.id}>Email address</label>
          <Hint id={fields.email.descriptionId}>We send one email to confirm your pledge. We never show it.</Hint>
          <input
            {...getInputProps(fields.email, { type: "email" })}
            autoComplete="email"
            spellCheck={false}
            aria-describedby={[fields.email.descriptionId, fields.email.errors ? fields.email.errorId : ""].join(" ").trim()}
          />
          <FieldError id={fields.email.errorId} errors={fields.email.errors} />
        </div>
        <div className="form-group">
          <label htmlFor={fields.postcode.id}>Salford postcode</label>
          <Hint id={fields.postcode.descriptionId}>
            Where you live, work or study. It places your pledge in a ward; we never show the postcode.
          </Hint>
          <input
            {...getInputProps(fields.postcode, { type: "text" })}
            className="postcode"
            autoComplete="postal-code"
            aria-describedby={[fields.postcode.descriptionId, fields.postcode.errors ? fields.postcode.errorId : ""].join(" ").trim()}
          />
          <FieldError id={fields.postcode.errorId} errors={fields.postcode.errors} />
        </div>

        <fieldset
          className="form-group quality-choice"
          aria-describedby={["qualities-hint", fields.qualities.errors ? fields.qualities.errorId : ""].join(" ").trim()}
        >
          <legend>Which qualities does your pledge show?</legend>
          <Hint id="qualities-hint">Choose one or more. They come from research into five Salford organisations.</Hint>
          <FieldError id={fields.qualities.errorId} errors={fields.qualities.errors} />
          {QUALITIES.map((quality) => (
            <div className="choice" key={quality.key}>
              <input
                type="checkbox"
                id={`quality-${quality.key}`}
                name={fields.qualities.name}
                value={quality.key}
                defaultChecked={chosenQualities.has(quality.key)}
                aria-invalid={fields.qualities.errors ? true : undefined}
              />
              <label htmlFor={`quality-${quality.key}`}>
                <strong>{quality.name}</strong>
                {quality.summary}
              </label>
            </div>
          ))}
        </fieldset>

        <fieldset
          className="form-group"
          aria-describedby={["suggestion-hint", fields.suggestion.errors ? fields.suggestion.errorId : ""].join(" ").trim()}
        >
          <legend>Your commitment</legend>
          <Hint id="suggestion-hint">Choose a suggestion, or write your own.</Hint>
          <FieldError id={fields.suggestion.errorId} errors={fields.suggestion.errors} />
          {QUALITIES.map((quality) => (
            <div className="suggestion-group" data-quality={quality.key} key={quality.key}>
              <p className="meta">{quality.name}</p>
              {quality.suggestions.map((suggestion) => (
                <div className="choice" key={suggestion.id}>
                  <input
                    type="radio"
                    id={`suggestion-${suggestion.id}`}
                    name={fields.suggestion.name}
                    value={suggestion.id}
                    defaultChecked={chosenSuggestion === suggestion.id}
                  />
                  <label htmlFor={`suggestion-${suggestion.id}`}>{suggestion.text}</label>
                </div>
              ))}
            </div>
          ))}
          <div className="choice">
            <input
              type="radio"
              id="suggestion-own"
              name={fields.suggestion.name}
              value={OWN_WORDS}
              defaultChecked={chosenSuggestion === OWN_WORDS}
            />
            <label htmlFor="suggestion-own">In my own words</label>
          </div>
          <div className="form-group">
            <label htmlFor={fields.ownWords.id}>Your commitment in your own words</label>
            <Hint id={fields.ownWords.descriptionId}>
              Only if you chose “In my own words”: {COMMITMENT_MIN} to {COMMITMENT_MAX} characters, starting “I will…”.
            </Hint>
            <textarea
              {...getTextareaProps(fields.ownWords)}
              maxLength={COMMITMENT_MAX}
              aria-describedby={[fields.ownWords.descriptionId, fields.ownWords.errors ? fields.ownWords.errorId : ""].join(" ").trim()}
            />
            <FieldError id={fields.ownWords.errorId} errors={fields.ownWords.errors} />
          </div>
        </fieldset>

        <Field
          meta={fields.targetDate}
          label="By when? (optional)"
          hint="If you give a date, we remind you a week before it."
          type="date"
        />

        <fieldset
          className="form-group"
          aria-describedby={fields.nameDisplay.errors ? fields.nameDisplay.errorId : undefined}
        >
          <legend>How should your name appear with your pledge?</legend>
          <FieldError id={fields.nameDisplay.errorId} errors={fields.nameDisplay.errors} />
          {[
            { value: "full", label: "My full name" },
            { value: "initial", label: "My first name and the initial of my last name" },
            { value: "anonymous", label: "Anonymous: “A Salford resident”" },
          ].map((option) => (
            <div className="choice" key={option.value}>
              <input
                type="radio"
                id={`name-display-${option.value}`}
                name={fields.nameDisplay.name}
                value={option.value}
                defaultChecked={chosenDisplay === option.value}
              />
              <label htmlFor={`name-display-${option.value}`}>{option.label}</label>
            </div>
          ))}
        </fieldset>

        <fieldset className="form-group">
          <legend>Emails</legend>
          <div className="choice">
            <input
              {...getInputProps(fields.nudgeConsent, { type: "checkbox" })}
              aria-describedby={fields.nudgeConsent.errors ? fields.nudgeConsent.errorId : undefined}
            />
            <label htmlFor={fields.nudgeConsent.id}>
              Email me to confirm my pledge, and a few reminders to help me keep it (you can stop them at any time).
            </label>
          </div>
          <FieldError id={fields.nudgeConsent.errorId} errors={fields.nudgeConsent.errors} />
          <div className="choice">
            <input {...getInputProps(fields.newsConsent, { type: "checkbox" })} />
            <label htmlFor={fields.newsConsent.id}>
              Also send me news from the Salford Social Value Alliance (optional).
            </label>
          </div>
        </fieldset>

        <button type="submit">Make my pledge</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
