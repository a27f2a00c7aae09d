import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { consumeLoginToken, getLoginToken } from "~/models/user.server";
import { needsSecondFactor } from "~/models/two-factor.server";
import { createSession, safeRedirect, secondFactorPath } from "~/guards/session.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Sign in");

/** Opening the link only shows a button: mail scanners that follow links sign nobody in. */
export async function loader({ params }: LoaderFunctionArgs) {
  return getLoginToken(params.token ?? "");
}

export async function action({ params }: ActionFunctionArgs) {
  const result = await consumeLoginToken(params.token ?? "");
  if (result.status !== "signed-in") return redirect(`/login/${encodeURIComponent(params.token ?? "")}`);
  const { user } = result;
  const redirectTo = safeRedirect(result.redirectTo);
  // Admins and moderators go straight on to the second factor (their session acts as a resident's until then).
  const next = needsSecondFactor(user.role) ? secondFactorPath(Boolean(user.totpEnabledAt), redirectTo) : redirectTo;
  return redirect(next, { headers: { "Set-Cookie": await createSession(user.id) } });
}

export default function LoginTokenPage() {
  const state = useLoaderData<typeof loader>();
  if (state.status !== "valid")
    return (
      <>
        <h1>
          {state.status === "expired"
            ? "This sign-in link has expired"
            : "This sign-in link has been used or is not valid"}
        </h1>
        <p>Sign-in links work once, for 15 minutes.</p>
        <p>
          <Link to="/login">Get a new sign-in link</Link>
        </p>
      </>
    );
  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">Sign in as {state.email}?</p>
      <Form method="post">
        <button type="submit">Sign in</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
