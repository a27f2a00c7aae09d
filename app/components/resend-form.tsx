import { Form } from "@remix-run/react";
import { HoneypotField } from "./forms";

/** "Send the email again": posts to /pledge/resend, which is rate limited. */
export function ResendConfirmationForm({ defaultEmail, error }: { defaultEmail?: string; error?: string }) {
  return (
    <Form method="post" action="/pledge/resend" className="card">
      <HoneypotField />
      <div className="form-group">
        <label htmlFor="resend-email">Send the confirmation email again</label>
        <span className="hint" id="resend-email-hint">
          Enter the email address you pledged with. Each new email replaces the link in the last one.
        </span>
        <input
          type="email"
          id="resend-email"
          name="email"
          autoComplete="email"
          required
          defaultValue={defaultEmail}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "resend-email-hint resend-email-error" : "resend-email-hint"}
        />
        {error ? (
          <span id="resend-email-error" className="field-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </span>
        ) : null}
      </div>
      <button type="submit" className="secondary">
        Send the email again
      </button>
    </Form>
  );
}
