import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HoneypotField, isHoneypotFilled } from "~/components/forms";
import { rateLimitAddress } from "~/load-context";
import { normaliseEmail, EmailSchema } from "~/utils/email-address";
import { requestLogin } from "~/models/user.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { getUser, safeRedirect } from "~/utils/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Sign in | Salford Social Value City" }, metaDescription("Sign in to Salford Social Value City with a link sent to your email.")];

const LoginSchema = z.object({
  email: EmailSchema(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const message = "We have sent a lot of sign-in emails for your connection in the last minute.";
  await enforceRateLimit("login", rateLimitAddress(context), message);
  const formData = await readForm(request);
  if (isHoneypotFilled(formData)) return redirect("/login/sent");
  const parsed = LoginSchema.safeParse({ email: formData.get("email") ?? "" });
  if (!parsed.success)
    return data({ error: parsed.error.issues[0]!.message, email: String(formData.get("email") ?? "") }, { status: 400 });
  await enforceRateLimit("login", `email:${normaliseEmail(parsed.data.email)}`, message);
  await requestLogin(parsed.data.email, safeRedirect(formData.get("redirectTo")));
  return redirect("/login/sent");
}

export default function LoginPage() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">
        No password: we email you a link. Use the address you pledged or registered your organisation with.
      </p>
      <Form method="post" className="card">
        <HoneypotField />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div className="form-group">
          <label htmlFor="login-email">Email address</label>
          <input
            type="email"
            id="login-email"
            name="email"
            autoComplete="email"
            required
            defaultValue={result?.email}
            aria-invalid={result?.error ? true : undefined}
            aria-describedby={result?.error ? "login-email-error" : undefined}
          />
          {result?.error ? (
            <span id="login-email-error" className="field-error">
              <span className="visually-hidden">Error: </span>
              {result.error}
            </span>
          ) : null}
        </div>
        <button type="submit">Email me a sign-in link</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
