import type { FieldMetadata } from "@conform-to/react";
import { ChoiceGroup, choiceId, Field } from "~/components/forms";
import { CAMPAIGN_BODY_MAX, CAMPAIGN_SUGGESTIONS_MAX, CAMPAIGN_SUMMARY_MAX } from "~/models/campaign-form";
import { QUALITIES } from "~/reference/qualities";

export type CampaignFormChoices = {
  wards: { code: string; name: string }[];
  partners: { id: string; name: string }[];
};

type Fields = Record<
  | "name"
  | "slug"
  | "summary"
  | "body"
  | "startsOn"
  | "endsOn"
  | "target"
  | "qualities"
  | "wardCodes"
  | "suggestions"
  | "milestones"
  | "partners"
  | "conditionalThreshold"
  | "conditionalDeadline"
  | "conditionalScope",
  FieldMetadata<unknown>
>;

const SCOPES = [
  { value: "", label: "No conditional pledges" },
  { value: "campaign", label: "The whole campaign: N signers anywhere" },
  { value: "ward", label: "Each ward: N signers in the pledger’s ward" },
];

/** Where the error summary links for each group of choices: its first option. */
export function campaignChoiceIds(choices: CampaignFormChoices) {
  return {
    qualities: choiceId("qualities", QUALITIES[0]!.key),
    ...(choices.wards[0] ? { wardCodes: choiceId("ward", choices.wards[0].code) } : {}),
    ...(choices.partners[0] ? { partners: choiceId("partner", choices.partners[0].id) } : {}),
    conditionalScope: choiceId("scope", SCOPES[0]!.value),
  };
}

/** The campaign form's fields, the same on the new and the edit page. */
export function CampaignFormFields({ fields, choices }: { fields: Fields; choices: CampaignFormChoices }) {
  return (
    <>
      <Field meta={fields.name} label="Name" />
      <Field
        meta={fields.slug}
        label="Web address (optional)"
        hint="The end of /campaigns/…: lower-case letters, digits and hyphens. Left empty, it is made from the name. Changing it breaks links already shared."
        spellCheck={false}
        autoCapitalize="off"
      />
      <Field
        meta={fields.summary}
        label="Summary"
        hint={`A sentence or two for the list of campaigns, up to ${CAMPAIGN_SUMMARY_MAX} characters.`}
        multiline
        rows={3}
      />
      <Field
        meta={fields.body}
        label="What the campaign is about"
        hint={`Markdown: paragraphs, **bold**, lists and links. Up to ${CAMPAIGN_BODY_MAX.toLocaleString("en-GB")} characters.`}
        multiline
        rows={14}
      />
      <Field meta={fields.startsOn} label="Starts on" type="date" />
      <Field meta={fields.endsOn} label="Ends on" type="date" hint="The campaign runs to the end of this day." />
      <Field
        meta={fields.target}
        label="Target"
        hint="The number of confirmed pledges the campaign aims for."
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
      />
      <ChoiceGroup
        meta={fields.qualities}
        type="checkbox"
        legend="Focus qualities"
        hint="At least one: the pledge form starts with these."
        idPrefix="qualities"
        options={QUALITIES.map((q) => ({ value: q.key, label: q.name }))}
      />
      <ChoiceGroup
        meta={fields.wardCodes}
        type="checkbox"
        legend="Focus wards (optional)"
        hint="Leave them all unticked for a campaign across the city."
        idPrefix="ward"
        options={choices.wards.map((w) => ({ value: w.code, label: w.name }))}
      />
      <Field
        meta={fields.suggestions}
        label="Suggested commitments (optional)"
        hint={`One a line, each 10 to 280 characters, at most ${CAMPAIGN_SUGGESTIONS_MAX}. The pledge form offers them first.`}
        multiline
        rows={6}
      />
      <Field
        meta={fields.milestones}
        label="Milestones"
        hint="Percentages of the target, separated by commas: 25, 50, 75, 100."
        inputMode="numeric"
      />
      <ChoiceGroup
        meta={fields.partners}
        type="checkbox"
        legend="Partner organisations (optional)"
        hint={
          choices.partners.length
            ? "Verified organisations only."
            : "No organisation is verified yet: partners can be added once one is."
        }
        idPrefix="partner"
        options={choices.partners.map((p) => ({ value: p.id, label: p.name }))}
      />
      <fieldset className="form-group">
        <legend>Conditional pledges (optional)</legend>
        <p className="hint">
          “I will, but only if N others will too”: such a pledge counts once N people have signed one by the deadline.
          Give all three, or none.
        </p>
        <Field
          meta={fields.conditionalThreshold}
          label="How many signers (N)"
          hint="At least 2."
          type="number"
          min={2}
          step={1}
          inputMode="numeric"
        />
        <Field
          meta={fields.conditionalDeadline}
          label="Deadline"
          hint="Conditions still waiting at the end of this day (UK time) lapse."
          type="date"
        />
        <ChoiceGroup
          meta={fields.conditionalScope}
          type="radio"
          legend="Who counts towards N"
          idPrefix="scope"
          options={SCOPES}
          defaultValue=""
        />
      </fieldset>
    </>
  );
}
