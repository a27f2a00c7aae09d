import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { RSVP_NAME_MAX, RsvpSchema } from "~/models/rsvp-form";
import { Field, HoneypotField } from "./forms";

/**
 * "I'd like to come": a name and an email address, posted to
 * /events/:id/rsvp (rate limited, with a honeypot). Works without JavaScript:
 * that route answers a mistake with its own page showing this form and the
 * errors. lastResult is that route's answer.
 */
export function RsvpForm({ eventId, lastResult }: { eventId: string; lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: `rsvp-${eventId}`,
    lastResult,
    constraint: getZodConstraint(RsvpSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RsvpSchema }),
  });
  return (
    <Form method="post" action={`/events/${eventId}/rsvp`} className="rsvp-form card" {...getFormProps(form)}>
      <HoneypotField />
      <Field meta={fields.name} label="Your name" autoComplete="name" maxLength={RSVP_NAME_MAX} />
      <Field
        meta={fields.email}
        label="Email address"
        hint="We email you a link to confirm your place, and news of this event only. We never show it."
        type="email"
        autoComplete="email"
        spellCheck={false}
      />
      <button type="submit">Reply: I’d like to come</button>
    </Form>
  );
}
