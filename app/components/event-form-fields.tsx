import type { FieldMetadata } from "@conform-to/react";
import { Choice, ChoiceGroup, choiceId, FieldError, Field, Hint } from "~/components/forms";
import { ACCESSIBILITY_FEATURES } from "~/models/event";
import { EVENT_CAPACITY_MAX, EVENT_DESCRIPTION_MAX } from "~/models/event-form";

export type EventFormChoices = {
  /** who may run it (the new page only) */
  organisers?: { value: string; label: string }[];
  campaigns: { value: string; label: string }[];
};

type Meta = FieldMetadata<unknown>;
type Fields = Record<
  | "title"
  | "description"
  | "startsAt"
  | "endsAt"
  | "mode"
  | "venueName"
  | "address"
  | "postcode"
  | "onlineUrl"
  | "capacity"
  | "campaignId"
  | "stepFree"
  | "hearingLoop"
  | "quietSpace"
  | "accessibilityNotes"
  | "contactName"
  | "contactEmail",
  Meta
> & { organisation?: Meta };

const MODES = [
  { value: "place", label: "At a place in Salford" },
  { value: "online", label: "Online" },
];

/** Where the error summary links for each group of choices: its first option. */
export function eventChoiceIds(choices: EventFormChoices) {
  return {
    ...(choices.organisers?.[0] ? { organisation: choiceId("organiser", choices.organisers[0].value) } : {}),
    mode: choiceId("mode", MODES[0]!.value),
    campaignId: choiceId("campaign", ""),
  };
}

/** A date and time on a clock in Salford, wired like every other field (Field takes no datetime-local). */
function DateTimeField({ meta, label, hint }: { meta: Meta; label: string; hint: string }) {
  const describedBy = [meta.descriptionId, meta.errors?.length ? meta.errorId : ""].join(" ").trim();
  return (
    <div className="form-group">
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={meta.descriptionId}>{hint}</Hint>
      <input
        type="datetime-local"
        id={meta.id}
        name={meta.name}
        defaultValue={typeof meta.initialValue === "string" ? meta.initialValue : undefined}
        required
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy}
      />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** The event form's fields, the same on the new and the edit page (who runs it: the new page only). */
export function EventFormFields({ fields, choices }: { fields: Fields; choices: EventFormChoices }) {
  return (
    <>
      {choices.organisers && fields.organisation ? (
        <ChoiceGroup
          meta={fields.organisation}
          type="radio"
          legend="Who runs the event"
          hint="It cannot be changed later."
          idPrefix="organiser"
          options={choices.organisers}
          defaultValue={choices.organisers.length === 1 ? choices.organisers[0]!.value : undefined}
        />
      ) : null}
      <Field meta={fields.title} label="Title" />
      <Field
        meta={fields.description}
        label="What the event is"
        hint={`Who it is for and what will happen. Markdown: paragraphs, **bold**, lists and links. Up to ${EVENT_DESCRIPTION_MAX.toLocaleString("en-GB")} characters.`}
        multiline
        rows={8}
      />
      <DateTimeField meta={fields.startsAt} label="Starts" hint="Salford time (UK time), as on a clock at the venue." />
      <DateTimeField meta={fields.endsAt} label="Ends" hint="After the start." />
      <ChoiceGroup
        meta={fields.mode}
        type="radio"
        legend="Where"
        idPrefix="mode"
        options={MODES}
        defaultValue="place"
      />
      <fieldset className="form-group">
        <legend>The place (for an event at a place)</legend>
        <Field meta={fields.venueName} label="Venue" hint="The name of the building or space." />
        <Field meta={fields.address} label="Address" multiline rows={2} autoComplete="street-address" />
        <Field
          meta={fields.postcode}
          label="Postcode"
          hint="A Salford postcode: it puts the event on the map and in its ward."
          className="postcode"
          autoComplete="postal-code"
        />
      </fieldset>
      <fieldset className="form-group">
        <legend>Online (for an online event)</legend>
        <Field
          meta={fields.onlineUrl}
          label="Joining link"
          type="url"
          hint="Starting https://. Only people with a place see it."
          spellCheck={false}
          autoCapitalize="off"
        />
      </fieldset>
      <Field
        meta={fields.capacity}
        label="Places (optional)"
        hint={`How many can come, up to ${EVENT_CAPACITY_MAX.toLocaleString("en-GB")}. Leave it empty for no limit. Once full, people join a waitlist.`}
        type="number"
        min={1}
        max={EVENT_CAPACITY_MAX}
        step={1}
        inputMode="numeric"
      />
      <ChoiceGroup
        meta={fields.campaignId}
        type="radio"
        legend="Campaign (optional)"
        hint="A published campaign this event is part of."
        idPrefix="campaign"
        options={[{ value: "", label: "None" }, ...choices.campaigns]}
        defaultValue=""
      />
      <fieldset className="form-group">
        <legend>Accessibility</legend>
        <p className="hint">Tick what the event has; say anything else in the notes.</p>
        {ACCESSIBILITY_FEATURES.map((feature) => {
          const meta = fields[feature.key];
          return (
            <Choice
              key={feature.key}
              type="checkbox"
              id={meta.id}
              name={meta.name}
              defaultChecked={meta.initialValue === "on"}
              label={feature.label}
            />
          );
        })}
        <Field
          meta={fields.accessibilityNotes}
          label="Accessibility notes (optional)"
          hint="Parking, the nearest bus stop, British Sign Language, a lift."
          multiline
          rows={3}
        />
      </fieldset>
      <Field meta={fields.contactName} label="Contact name" hint="Who people can ask about the event." />
      <Field meta={fields.contactEmail} label="Contact email" type="email" spellCheck={false} />
    </>
  );
}
