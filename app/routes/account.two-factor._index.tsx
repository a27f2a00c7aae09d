import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { RecoveryCodes } from "~/components/recovery-codes";
import { SecondFactorCodeSchema, secondFactorMessage } from "~/models/two-factor";
import { getSecondFactor, needsSecondFactor, regenerateRecoveryCodes, restartSetup } from "~/models/two-factor.server";
import { getSessionIdHash, requireUser, secondFactorPath } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { enforceRateLimit } from "~/utils/rate-limit.server";

export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Your second step of signing in | Salford Social Value City" },
  metaDescription("The authenticator app and recovery codes that admins and moderators sign in with."),
];

const HERE = "/account/two-factor";

/** Signed in, and (for an admin or moderator) past the second step: changing it needs it passed. */
async function requirePassed(request: Request) {
  const user = await requireUser(request);
  if (user.secondFactorPending) throw redirect(secondFactorPath(user.totpEnabled, HERE));
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePassed(request);
  const required = needsSecondFactor(user.role);
  if (required && !user.totpEnabled) throw redirect(secondFactorPath(false, HERE));
  const { enabledAt, recoveryCodesLeft } = await getSecondFactor(user.id);
  const enabledOn = enabledAt?.toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "Europe/London" }) ?? null;
  return { required, enabledOn, recoveryCodesLeft };
}

// Both actions need a current code from the app: a session left open is not enough to change the second step.
const ManageSchema = z.discriminatedUnion("intent", [
  SecondFactorCodeSchema.extend({ intent: z.literal("recovery-codes") }),
  SecondFactorCodeSchema.extend({ intent: z.literal("new-phone") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePassed(request);
  if (!needsSecondFactor(user.role))
    throw new Response("Only admins and moderators use a second step.", { status: 403 });
  await enforceRateLimit("login", `two-factor:${user.id}`, "You have tried a lot of codes in the last minute.");
  const submission = parseWithZod(await readForm(request), { schema: ManageSchema });
  const answer = (reply: SubmissionResult<string[]>) =>
    data({ intent: String(submission.payload.intent ?? ""), reply, recoveryCodes: null }, { status: 400 });
  if (submission.status !== "success") return answer(submission.reply());
  const { intent, code } = submission.value;
  if (intent === "new-phone") {
    const result = await restartSetup(user, code, (await getSessionIdHash(request))!);
    if (result.status === "restarted" || result.status === "not-set-up")
      return redirect(`${HERE}/setup?${new URLSearchParams({ redirectTo: HERE })}`);
    return answer(submission.reply({ fieldErrors: { code: [secondFactorMessage(result.status)] } }));
  }
  const result = await regenerateRecoveryCodes(user, code);
  if (result.status === "not-set-up") return redirect(`${HERE}/setup?${new URLSearchParams({ redirectTo: HERE })}`);
  if (result.status !== "made")
    return answer(submission.reply({ fieldErrors: { code: [secondFactorMessage(result.status)] } }));
  return { intent, reply: null, recoveryCodes: result.recoveryCodes };
}

function CodeForm({
  intent,
  button,
  lastResult,
}: {
  intent: "recovery-codes" | "new-phone";
  button: string;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useForm({
    id: `two-factor-${intent}`,
    lastResult,
    constraint: getZodConstraint(SecondFactorCodeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ManageSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <Field
        meta={fields.code}
        label="Code from your authenticator app"
        hint="6 digits."
        autoComplete="one-time-code"
        inputMode="numeric"
        spellCheck={false}
      />
      <button type="submit" className="secondary">
        {button}
      </button>
    </Form>
  );
}

export default function ManageTwoFactorPage() {
  const { required, enabledOn, recoveryCodesLeft } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.recoveryCodes)
    return (
      <>
        <h1>New recovery codes</h1>
        <p className="lead">Your old recovery codes no longer work.</p>
        <RecoveryCodes codes={result.recoveryCodes} continueTo={HERE} />
      </>
    );
  if (!required)
    return (
      <>
        <h1>Your second step of signing in</h1>
        <p>
          Only the Alliance&apos;s admins and moderators sign in with a second step (a code from an authenticator app).
          Your account signs in with the emailed link alone: there is nothing to set up.
        </p>
        <p>
          <Link to="/account">Back to your account</Link>
        </p>
      </>
    );
  const replyFor = (intent: string) => (result?.intent === intent ? result.reply : undefined);
  return (
    <>
      <h1>Your second step of signing in</h1>
      <p className="lead">
        On: after the email link you enter a code from your authenticator app
        {enabledOn ? ` (set up ${enabledOn})` : ""}. As an admin or moderator you cannot turn it off.
      </p>
      <p>
        You have {recoveryCodesLeft} unused recovery {recoveryCodesLeft === 1 ? "code" : "codes"}.
      </p>
      <section className="card" aria-labelledby="new-codes-heading">
        <h2 id="new-codes-heading">New recovery codes</h2>
        <p>Make ten new codes; the ones you have stop working.</p>
        <CodeForm intent="recovery-codes" button="Make new recovery codes" lastResult={replyFor("recovery-codes")} />
      </section>
      <section className="card" aria-labelledby="new-phone-heading">
        <h2 id="new-phone-heading">Moving to a new phone</h2>
        <p>
          With a code from your current app, set up the app on your new phone. Lost your phone? Sign in with a recovery
          code, or ask another admin to reset your second step.
        </p>
        <CodeForm intent="new-phone" button="Set up a new phone" lastResult={replyFor("new-phone")} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
