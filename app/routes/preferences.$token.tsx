import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EMAIL_CATEGORIES, getPreferences, readPreferencesToken, resubscribe, unsubscribe } from "~/models/email-preferences.server";
import { readForm } from "~/utils/form.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Your email choices");

function readToken(token: string | undefined) {
  const target = readPreferencesToken(token ?? "");
  if (!target) throw new Response("This link is not valid", { status: 404 });
  return target;
}

export async function loader({ params }: LoaderFunctionArgs) {
  return getPreferences(readToken(params.token).emailNormalised);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { emailNormalised } = readToken(params.token);
  const form = await readForm(request);
  for (const category of EMAIL_CATEGORIES) {
    if (form.get(category) === "on") await resubscribe(emailNormalised, category);
    else await unsubscribe(emailNormalised, category);
  }
  return redirect(`/preferences/${encodeURIComponent(params.token ?? "")}?saved=1`);
}

export default function PreferencesPage() {
  const { categories, suppressed } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Your email choices</h1>
      {params.get("saved") ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {suppressed ? (
        <p className="notice">
          We have stopped all email to this address because the address {suppressed === "complaint" ? "marked one of our emails as spam" : "could not receive email"}. Contact the Alliance to start again.
        </p>
      ) : null}
      <p>Emails about a pledge or a sign-in you ask for always come. Choose the rest:</p>
      <Form method="post">
        <fieldset className="form-group">
          <legend>Send me</legend>
          {categories.map((c) => (
            <div className="choice" key={c.category}>
              <input type="checkbox" id={`pref-${c.category}`} name={c.category} defaultChecked={c.subscribed} />
              <label htmlFor={`pref-${c.category}`}>{c.name}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Save my choices</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
