import { Form } from "@remix-run/react";

/** The button on /admin/people, beside a person who may have an authenticator app (app/routes/admin.people.two-factor.tsx). */
export function ResetTwoFactorButton({ email }: { email: string }) {
  return (
    <Form method="post" action="/admin/people/two-factor">
      <input type="hidden" name="email" value={email} />
      <button type="submit" className="secondary">
        Reset their authenticator app<span className="visually-hidden"> ({email})</span>
      </button>
    </Form>
  );
}
