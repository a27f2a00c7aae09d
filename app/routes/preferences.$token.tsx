import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Choice, ErrorSummary, FieldError, summaryOf } from "~/components/forms";
import {
  EMAIL_CATEGORIES,
  getPreferences,
  type EmailCategory,
  readPreferencesToken,
  resubscribe,
  unsubscribe,
} from "~/models/email-preferences.server";
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

// A ticked box sends "on"; an unticked one sends nothing.
const Ticked = z.literal("on", { errorMap: () => ({ message: "Tick the box or leave it empty" }) }).optional();
const PreferencesSchema = z.object(
  Object.fromEntries(EMAIL_CATEGORIES.map((category) => [category, Ticked])) as Record<EmailCategory, typeof Ticked>,
);

export async function action({ request, params }: ActionFunctionArgs) {
  const { emailNormalised } = readToken(params.token);
  const submission = parseWithZod(await readForm(request), { schema: PreferencesSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  for (const category of EMAIL_CATEGORIES) {
    if (submission.value[category] === "on") await resubscribe(emailNormalised, category);
    else await unsubscribe(emailNormalised, category);
  }
  return redirect(`/preferences/${encodeURIComponent(params.token ?? "")}?saved=1`);
}

export default function PreferencesPage() {
  const { categories, suppressed } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  // The choices are checked on the server only: any combination of boxes is a good answer.
  const [form, fields] = useForm<Record<string, string | undefined>>({
    id: "preferences",
    lastResult,
    defaultValue: Object.fromEntries(categories.map((c) => [c.category, c.subscribed ? "on" : undefined])),
  });
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
          We have stopped all email to this address because the address{" "}
          {suppressed === "complaint" ? "marked one of our emails as spam" : "could not receive email"}. Contact the
          Alliance to start again.
        </p>
      ) : null}
      <p>Emails about a pledge, a place at an event or a sign-in you ask for always come. Choose the rest:</p>
      <ErrorSummary errors={summaryOf(form.allErrors, fields)} />
      <Form method="post" {...getFormProps(form)}>
        <fieldset className="form-group">
          <legend>Send me</legend>
          {categories.map((c) => (
            <div key={c.category}>
              <Choice {...getInputProps(fields[c.category]!, { type: "checkbox" })} label={c.name} />
              <FieldError id={fields[c.category]!.errorId} errors={fields[c.category]!.errors} />
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
