import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { SecondFactorCodeSchema, secondFactorMessage } from "~/models/two-factor";
import { passSecondFactor } from "~/models/two-factor.server";
import {
  getSessionIdHash,
  requireUser,
  safeRedirect,
  secondFactorPath,
  type SessionUser,
} from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { enforceRateLimit } from "~/utils/rate-limit.server";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Enter your code | Salford Social Value City" },
  metaDescription("The second step of signing in for the Alliance's admins and moderators: a code from the app."),
];

/** Only an admin or moderator who has an authenticator app and has not yet passed this step belongs here. */
async function requirePendingStep(request: Request) {
  const user = await requireUser(request);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (!user.secondFactorPending) throw redirect(redirectTo);
  if (!user.totpEnabled) throw redirect(secondFactorPath(false, redirectTo));
  return { user, redirectTo };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePendingStep(request);
  return null;
}

/** The person as the audit log names them: in the role they are signing in to. */
const actingAs = (user: SessionUser) => ({ ...user, role: user.secondFactorPending ?? user.role });

export async function action({ request }: ActionFunctionArgs) {
  const { user, redirectTo } = await requirePendingStep(request);
  // Per person, whatever the connection: six digits cannot be guessed at five a minute.
  await enforceRateLimit("login", `two-factor:${user.id}`, "You have tried a lot of codes in the last minute.");
  const submission = parseWithZod(await readForm(request), { schema: SecondFactorCodeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const idHash = await getSessionIdHash(request);
  const result = await passSecondFactor(actingAs(user), idHash!, submission.value.code);
  if (result.status === "passed") return redirect(redirectTo);
  if (result.status === "not-set-up") return redirect(secondFactorPath(false, redirectTo));
  return data(submission.reply({ fieldErrors: { code: [secondFactorMessage(result.status)] } }), { status: 400 });
}

export default function TwoFactorPage() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "two-factor",
    lastResult,
    constraint: getZodConstraint(SecondFactorCodeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SecondFactorCodeSchema }),
  });
  return (
    <>
      <h1>Enter your code</h1>
      <p className="lead">
        Admins and moderators sign in in two steps. Open your authenticator app and enter the 6-digit code it shows for
        Salford Social Value City.
      </p>
      <Form method="post" className="card" {...getFormProps(form)}>
        <Field
          meta={fields.code}
          label="Code"
          hint="6 digits from the app, or one of your recovery codes if you do not have your phone."
          autoComplete="one-time-code"
          spellCheck={false}
          autoCapitalize="none"
        />
        <button type="submit">Continue</button>
      </Form>
      <p>
        Lost your phone and your recovery codes? Ask another admin to reset your second step. You can{" "}
        <Link to="/">carry on as a resident</Link> meanwhile.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
