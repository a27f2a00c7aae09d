import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useMemo } from "react";
import {
  Choice,
  ChoiceGroup,
  choiceId,
  ErrorSummary,
  Field,
  FieldError,
  Hint,
  HoneypotField,
  summaryOf,
} from "./forms";
import {
  CAMPAIGN_SUGGESTION,
  campaignPledgeSchema,
  COMMITMENT_MAX,
  COMMITMENT_MIN,
  OWN_WORDS,
  PledgeSchema,
  type FormCampaign,
} from "~/models/pledge";
import { QUALITIES } from "~/reference/qualities";
import { formatDate } from "~/utils/dates";

const campaignSuggestionValue = (index: number) => `${CAMPAIGN_SUGGESTION}${index}`;

/**
 * The pledge form, wherever it is shown: /pledge (plain, or pre-set for a
 * campaign or an event) and an event's kiosk. `kiosk`: one person after
 * another on one device, so the browser is asked to remember nothing of what
 * is typed (autocomplete off on the form and every field).
 */
export function PledgeForm({
  campaign,
  eventId,
  lastResult,
  kiosk = false,
  action,
}: {
  campaign: FormCampaign | null;
  /** the published event the pledge is made at, sent with the form */
  eventId?: string | null;
  lastResult?: SubmissionResult<string[]> | null;
  kiosk?: boolean;
  action?: string;
}) {
  const suggestionsKey = JSON.stringify(campaign?.suggestions ?? null);
  const schema = useMemo(
    () => (campaign ? campaignPledgeSchema(campaign.suggestions) : PledgeSchema),
    // Keyed by the words: the loader's object is new on every revalidation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [suggestionsKey],
  );
  const [form, fields] = useForm({
    // Another id per campaign: Conform keeps a form's state by its id.
    id: campaign ? `pledge-${campaign.slug}` : "pledge",
    lastResult,
    defaultValue: campaign ? { qualities: campaign.qualities } : undefined,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const firstSuggestion = campaign?.suggestions.length ? campaignSuggestionValue(0) : QUALITIES[0]!.suggestions[0]!.id;
  const summary = summaryOf(form.allErrors, fields, {
    qualities: choiceId("quality", QUALITIES[0]!.key),
    suggestion: choiceId("suggestion", firstSuggestion),
    nameDisplay: choiceId("name-display", "full"),
  });
  const campaignSections = campaign?.suggestions.length
    ? [
        {
          key: "campaign",
          heading: `Suggested for ${campaign.name}`,
          className: "campaign-suggestions",
          options: campaign.suggestions.map((text, index) => ({ value: campaignSuggestionValue(index), label: text })),
        },
      ]
    : [];
  // On a kiosk nothing typed is offered to the next person: no autofill, no saved entries.
  const remembered = (value: string) => (kiosk ? "off" : value);

  return (
    <>
      <ErrorSummary errors={summary} />
      <Form
        method="post"
        action={action}
        className="pledge-form"
        {...getFormProps(form)}
        autoComplete={kiosk ? "off" : undefined}
      >
        <HoneypotField />
        {campaign ? <input type="hidden" name={fields.campaign.name} value={campaign.slug} /> : null}
        {eventId ? <input type="hidden" name={fields.event.name} value={eventId} /> : null}
        <Field meta={fields.name} label="Your name" autoComplete={remembered("name")} />
        <Field
          meta={fields.email}
          label="Email address"
          hint="We send one email to confirm your pledge. We never show it."
          type="email"
          autoComplete={remembered("email")}
          spellCheck={false}
        />
        <Field
          meta={fields.postcode}
          label="Salford postcode"
          hint="Where you live, work or study. It places your pledge in a ward; we never show the postcode."
          className="postcode"
          autoComplete={remembered("postal-code")}
        />

        <ChoiceGroup
          meta={fields.qualities}
          type="checkbox"
          className="quality-choice"
          legend="Which qualities does your pledge show?"
          hint={
            campaign
              ? "Choose one or more. The campaign’s are ticked; change them as you like. They come from research into five Salford organisations."
              : "Choose one or more. They come from research into five Salford organisations."
          }
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
          // The campaign's own first; they stay shown whatever qualities are ticked
          // (the stylesheet hides only the qualities' suggestion groups).
          sections={[
            ...campaignSections,
            ...QUALITIES.map((quality) => ({
              key: quality.key,
              heading: quality.name,
              className: "suggestion-group",
              data: { "data-quality": quality.key },
              options: quality.suggestions.map((suggestion) => ({ value: suggestion.id, label: suggestion.text })),
            })),
          ]}
          options={[{ value: OWN_WORDS, label: "In my own words" }]}
        >
          <Field
            meta={fields.ownWords}
            label="Your commitment in your own words"
            hint={`If no suggestion fits: ${COMMITMENT_MIN} to ${COMMITMENT_MAX} characters, starting “I will…”.`}
            multiline
            maxLength={COMMITMENT_MAX}
            autoComplete={kiosk ? "off" : undefined}
          />
        </ChoiceGroup>

        <Field
          meta={fields.targetDate}
          label="By when? (optional)"
          hint="If you give a date, we remind you a week before it."
          type="date"
          autoComplete={kiosk ? "off" : undefined}
        />

        {campaign?.conditional ? (
          <fieldset className="form-group">
            <legend>Only if others join you (optional)</legend>
            <Hint id={fields.conditional.descriptionId}>
              Until then your pledge waits and is not counted. If enough people make it too by the date, it counts from
              that moment and we email you. If not, it never counts, and we tell you.
            </Hint>
            <Choice
              {...getInputProps(fields.conditional, {
                type: "checkbox",
                ariaDescribedBy: fields.conditional.descriptionId,
              })}
              label={`Count my pledge only if ${campaign.conditional.threshold} people ${
                campaign.conditional.scope === "ward" ? "in my ward" : "in this campaign"
              } make it too by ${formatDate(campaign.conditional.deadline)}.`}
            />
            <FieldError id={fields.conditional.errorId} errors={fields.conditional.errors} />
          </fieldset>
        ) : null}

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
            {...getInputProps(fields.updatesConsent, { type: "checkbox" })}
            label={
              campaign
                ? "Email me when this campaign or the whole movement passes a milestone (optional)."
                : "Email me when the movement passes a milestone (optional)."
            }
          />
          <FieldError id={fields.updatesConsent.errorId} errors={fields.updatesConsent.errors} />
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
