import type { FieldMetadata } from "@conform-to/react";
import { Field, FieldError, Hint } from "~/components/forms";
import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_SUBJECT_MAX } from "~/models/announcement";
import { QUALITIES } from "~/reference/qualities";

export type AnnouncementFormChoices = {
  wards: { code: string; name: string }[];
  campaigns: { id: string; name: string }[];
};

type Meta = FieldMetadata<unknown>;
type Fields = Record<"subject" | "body" | "wardCode" | "quality" | "campaignId", Meta>;

/** A labelled select wired to a Conform field like every other field: hint, error and ARIA. */
function SelectField({
  meta,
  label,
  hint,
  allLabel,
  options,
}: {
  meta: Meta;
  label: string;
  hint: string;
  allLabel: string;
  options: { value: string; label: string }[];
}) {
  const describedBy = [meta.descriptionId, meta.errors?.length ? meta.errorId : ""].join(" ").trim();
  return (
    <div className="form-group">
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={meta.descriptionId}>{hint}</Hint>
      <select
        id={meta.id}
        name={meta.name}
        defaultValue={typeof meta.initialValue === "string" ? meta.initialValue : ""}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy}
      >
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** The announcement's fields, the same on the new and the edit page. */
export function AnnouncementFormFields({ fields, choices }: { fields: Fields; choices: AnnouncementFormChoices }) {
  return (
    <>
      <Field
        meta={fields.subject}
        label="Subject"
        hint={`The email’s subject line, up to ${ANNOUNCEMENT_SUBJECT_MAX} characters.`}
      />
      <Field
        meta={fields.body}
        label="The news"
        hint={`Markdown: paragraphs, **bold**, lists, ## headings and links. HTML is left out. Up to ${ANNOUNCEMENT_BODY_MAX.toLocaleString("en-GB")} characters.`}
        multiline
        rows={14}
      />
      <fieldset className="form-group">
        <legend>Who gets it (optional)</legend>
        <p className="hint">
          Everyone who agreed to the Alliance’s news, unless you narrow it. A filter sends it only to confirmed pledgers
          who match; organisation members get news sent to everyone.
        </p>
        <SelectField
          meta={fields.wardCode}
          label="Ward"
          hint="Pledgers whose postcode is in this ward."
          allLabel="Every ward"
          options={choices.wards.map((w) => ({ value: w.code, label: w.name }))}
        />
        <SelectField
          meta={fields.quality}
          label="Quality"
          hint="Pledgers who chose this quality."
          allLabel="Every quality"
          options={QUALITIES.map((q) => ({ value: q.key, label: q.name }))}
        />
        <SelectField
          meta={fields.campaignId}
          label="Campaign"
          hint="Pledgers who pledged in this campaign."
          allLabel="Any campaign, or none"
          options={choices.campaigns.map((c) => ({ value: c.id, label: c.name }))}
        />
      </fieldset>
    </>
  );
}
