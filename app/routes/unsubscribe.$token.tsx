import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CATEGORY_NAMES, preferencesUrl, readUnsubscribeToken, unsubscribe } from "~/models/email-preferences.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Unsubscribe");

function readToken(token: string | undefined) {
  const target = readUnsubscribeToken(token ?? "");
  if (!target) throw new Response("This unsubscribe link is not valid", { status: 404 });
  return target;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { category, emailNormalised } = readToken(params.token);
  return { category: CATEGORY_NAMES[category], preferences: new URL(preferencesUrl(emailNormalised)).pathname };
}

/**
 * One-click unsubscribe (RFC 8058): mail clients POST "List-Unsubscribe=One-Click"
 * here without a session, and the button on the page posts the same. The body
 * is deliberately never read: the token says everything, and a mail client
 * that sends an odd content type must still be able to unsubscribe. If it ever
 * needs reading, use readForm.
 */
export async function action({ params }: ActionFunctionArgs) {
  const { category, emailNormalised } = readToken(params.token);
  await unsubscribe(emailNormalised, category);
  return { done: true };
}

export default function UnsubscribePage() {
  const { category, preferences } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.done)
    return (
      <>
        <h1>You are unsubscribed</h1>
        <p className="lead" role="status">
          We will not send you “{category}” again. Your other choices are unchanged.
        </p>
        <p>
          <Link to={preferences}>Choose which emails you get</Link>
        </p>
      </>
    );
  return (
    <>
      <h1>Unsubscribe</h1>
      <p className="lead">Stop “{category}”? Other emails you have chosen carry on.</p>
      <Form method="post">
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">Unsubscribe</button>
      </Form>
      <p>
        <Link to={preferences}>Choose which emails you get instead</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
