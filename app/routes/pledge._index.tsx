import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod, unstable_coerceFormValue as coerceFormValue } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
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
  isHoneypotFilled,
  summaryOf,
} from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { rateLimitAddress } from "~/load-context";
import { findCampaignForPledge, type PublicCampaign } from "~/models/campaign.server";
import {
  CAMPAIGN_SUGGESTION,
  campaignPledgeSchema,
  COMMITMENT_MAX,
  COMMITMENT_MIN,
  OWN_WORDS,
  PledgeSchema,
} from "~/models/pledge";
import { createPledge, type PledgeCampaign } from "~/models/pledge-signup.server";
import { SalfordPostcodeSchema } from "~/models/postcode.server";
import { lookupPostcode } from "~/models/ward.server";
import { QUALITIES, QUALITY_KEYS, type QualityKey } from "~/reference/qualities";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";
import { formatDate } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.campaign
      ? `Pledge for ${data.campaign.name} | Salford Social Value City`
      : "Make a pledge | Salford Social Value City",
  },
  metaDescription(
    data?.campaign
      ? `Make your Social Value City pledge for ${data.campaign.name}: ${data.campaign.summary}`
      : "Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.",
  ),
];

/** What the form shows of the running campaign it is pre-set for. */
type FormCampaign = {
  slug: string;
  name: string;
  summary: string;
  qualities: QualityKey[];
  suggestions: string[];
  /** only while it takes conditional pledges */
  conditional: { threshold: number; scope: "campaign" | "ward"; deadline: string } | null;
};

const isQualityKey = (key: string): key is QualityKey => (QUALITY_KEYS as readonly string[]).includes(key);

function toFormCampaign(campaign: PublicCampaign): FormCampaign {
  const { conditional } = campaign;
  return {
    slug: campaign.slug,
    name: campaign.name,
    summary: campaign.summary,
    qualities: campaign.qualities.filter(isQualityKey),
    suggestions: campaign.suggestions,
    conditional: conditional?.open
      ? { threshold: conditional.threshold, scope: conditional.scope, deadline: conditional.deadline }
      : null,
  };
}

/**
 * `?campaign=<slug>` pre-sets the form for a running campaign. Anything else
 * (a draft, a campaign not started or over, a made-up slug) is the plain form
 * with a notice: a link that went stale still leads to a pledge.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const slug = new URL(request.url).searchParams.get("campaign");
  if (!slug) return { campaign: null, campaignUnavailable: false };
  const found = await findCampaignForPledge(slug);
  const campaign = found?.phase === "running" ? toFormCampaign(found) : null;
  return { campaign, campaignUnavailable: !campaign };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit(
    "pledge",
    rateLimitAddress(context),
    "We have had a lot of pledges from your connection in the last minute.",
  );
  const formData = await readForm(request);
  // A bot filled the hidden field: look successful, store nothing.
  if (isHoneypotFilled(formData)) return redirect("/pledge/sent");

  // The campaign as it is now, not as the form showed it: it may have ended in between.
  // A plain pledge (no campaign) asks nothing more than before.
  const slug = formData.get("campaign");
  const campaign = typeof slug === "string" && slug ? await findCampaignForPledge(slug) : null;
  const schema = campaign ? coercedCampaignSchema(campaign.suggestions) : CoercedServerPledgeSchema;
  const submission = parseWithZod(formData, { schema, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const place = lookupPostcode(submission.value.postcode);
  if (place.status !== "found") throw new Error("postcode checked by the schema was not found");
  await createPledge(submission.value, place.location.wardCode, place.location.postcode, pledgeCampaign(campaign));
  return redirect("/pledge/sent");
}

/**
 * The campaign as createPledge takes it, which decides what applies: the
 * pledge is attributed only while the campaign runs and conditional only while
 * it takes conditions; a chosen suggestion keeps its words either way.
 */
function pledgeCampaign(campaign: PublicCampaign | null): PledgeCampaign | null {
  if (!campaign) return null;
  return {
    id: campaign.id,
    suggestions: campaign.suggestions,
    running: campaign.phase === "running",
    conditionalOpen: Boolean(campaign.conditional?.open),
  };
}

// The server also places the postcode in its ward (the one Salford-postcode rule).
const ServerPledgeSchema = PledgeSchema.and(SalfordPostcodeSchema);
// Conform builds the form-coercing copy of a schema on every parse unless it is
// given one: on the sign-up path that was a third of the CPU (bench/run.ts).
const CoercedServerPledgeSchema = coerceFormValue(ServerPledgeSchema);

const coerceCampaignSchema = (suggestions: readonly string[]) =>
  coerceFormValue(campaignPledgeSchema(suggestions).and(SalfordPostcodeSchema));
// The same for each campaign, kept by its suggestions' words: the campaign is
// read again every few seconds, its suggestions seldom change. Bounded, so a
// long run with many edited campaigns does not keep them all.
const CAMPAIGN_SCHEMAS_KEPT = 50;
const campaignSchemas = new Map<string, ReturnType<typeof coerceCampaignSchema>>();

function coercedCampaignSchema(suggestions: readonly string[]) {
  const key = JSON.stringify(suggestions);
  let schema = campaignSchemas.get(key);
  if (!schema) {
    if (campaignSchemas.size >= CAMPAIGN_SCHEMAS_KEPT) campaignSchemas.delete(campaignSchemas.keys().next().value!);
    schema = coerceCampaignSchema(suggestions);
    campaignSchemas.set(key, schema);
  }
  return schema;
}

const campaignSuggestionValue = (index: number) => `${CAMPAIGN_SUGGESTION}${index}`;

export default function PledgePage() {
  const { campaign, campaignUnavailable } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
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

  return (
    <>
      <h1>Make your Social Value City pledge</h1>
      {campaign ? (
        <section className="notice campaign-banner" aria-labelledby="campaign-banner-title">
          <h2 id="campaign-banner-title">Pledging for {campaign.name}</h2>
          <p>{campaign.summary}</p>
          <p>
            <Link to={`/campaigns/${campaign.slug}`}>
              About the campaign<span className="visually-hidden">: {campaign.name}</span>
            </Link>
          </p>
        </section>
      ) : null}
      {campaignUnavailable ? (
        <p className="notice" role="status">
          That campaign is not taking pledges now. You can still make your pledge for Salford here.
        </p>
      ) : null}
      <p className="lead">
        Say what you will do to make a difference in Salford. It takes a minute; you do not need an account.
      </p>
      <ErrorSummary errors={summary} />
      <Form method="post" className="pledge-form" {...getFormProps(form)}>
        <HoneypotField />
        {campaign ? <input type="hidden" name={fields.campaign.name} value={campaign.slug} /> : null}
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
          />
        </ChoiceGroup>

        <Field
          meta={fields.targetDate}
          label="By when? (optional)"
          hint="If you give a date, we remind you a week before it."
          type="date"
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
