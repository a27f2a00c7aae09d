import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { ResendSchema } from "~/models/pledge";
import { Field, HoneypotField } from "./forms";

/**
 * "Send the email again": posts to /pledge/resend, which is rate limited.
 * lastResult is that route's answer when it refused the address.
 */
export function ResendConfirmationForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useForm({
    id: "resend",
    lastResult,
    constraint: getZodConstraint(ResendSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResendSchema }),
  });
  return (
    <Form method="post" action="/pledge/resend" className="card" {...getFormProps(form)}>
      <HoneypotField />
      <Field
        meta={fields.email}
        label="Send the confirmation email again"
        hint="Enter the email address you pledged with. Each new email replaces the link in the last one."
        type="email"
        autoComplete="email"
        spellCheck={false}
      />
      <button type="submit" className="secondary">
        Send the email again
      </button>
    </Form>
  );
}
