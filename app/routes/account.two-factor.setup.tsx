import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { RecoveryCodes } from "~/components/recovery-codes";
import { SecondFactorCodeSchema, secondFactorMessage } from "~/models/two-factor";
import { confirmSetup, getSetupSecret, needsSecondFactor } from "~/models/two-factor.server";
import { getSessionIdHash, requireUser, safeRedirect, secondFactorPath } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";

export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Set up your authenticator app | Salford Social Value City" },
  metaDescription("Admins and moderators add Salford Social Value City to an authenticator app to sign in."),
];

/**
 * An admin or moderator (this page is theirs: residents go to the account
 * page); one with an app set up whose session has not passed it goes to enter
 * its code.
 */
async function requireStaff(request: Request) {
  const user = await requireUser(request);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/account/two-factor");
  const heldRole = user.secondFactorPending ?? user.role;
  if (!needsSecondFactor(heldRole)) throw redirect("/account/two-factor");
  if (user.totpEnabled && user.secondFactorPending) throw redirect(secondFactorPath(true, redirectTo));
  return { user: { ...user, role: heldRole }, redirectTo };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  // Set up already (also just now, when the page shows the recovery codes the action made).
  const setup = user.totpEnabled ? null : await getSetupSecret(user);
  if (!setup) return { setUp: true as const, email: user.email, secret: "", qrSvg: "" };
  return { setUp: false as const, email: user.email, secret: setup.secret, qrSvg: await qrCodeSvg(setup.uri) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, redirectTo } = await requireStaff(request);
  if (user.totpEnabled) throw redirect("/account/two-factor");
  await enforceRateLimit("login", `two-factor:${user.id}`, "You have tried a lot of codes in the last minute.");
  const submission = parseWithZod(await readForm(request), { schema: SecondFactorCodeSchema });
  if (submission.status !== "success") return data({ reply: submission.reply(), recoveryCodes: null }, { status: 400 });
  const result = await confirmSetup(user, (await getSessionIdHash(request))!, submission.value.code);
  if (result.status === "not-setting-up") throw redirect("/account/two-factor");
  if (result.status !== "set-up")
    return data(
      {
        reply: submission.reply({ fieldErrors: { code: [secondFactorMessage(result.status)] } }),
        recoveryCodes: null,
      },
      { status: 400 },
    );
  return { reply: null, recoveryCodes: result.recoveryCodes, continueTo: redirectTo };
}

/** Groups of four characters, as authenticator apps show a key for typing in. */
const spaced = (secret: string) => secret.match(/.{1,4}/g)!.join(" ");

export default function SetUpTwoFactorPage() {
  const { setUp, email, secret, qrSvg } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "two-factor-setup",
    lastResult: result?.reply,
    constraint: getZodConstraint(SecondFactorCodeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SecondFactorCodeSchema }),
  });
  if (result?.recoveryCodes)
    return (
      <>
        <h1>Your authenticator app is set up</h1>
        <p className="lead">From now on, after the email link you enter a code from the app.</p>
        <RecoveryCodes codes={result.recoveryCodes} continueTo={result.continueTo} />
      </>
    );
  if (setUp)
    return (
      <>
        <h1>Your authenticator app is set up</h1>
        <p>
          <Link to="/account/two-factor">Your second step</Link>: make new recovery codes, or move to a new phone.
        </p>
      </>
    );
  return (
    <>
      <h1>Set up your authenticator app</h1>
      <p className="lead">
        As an admin or moderator of Salford Social Value City ({email}) you sign in in two steps: the email link, then a
        code from an authenticator app on your phone (such as Google Authenticator, Microsoft Authenticator or
        1Password).
      </p>
      <ol>
        <li>In the app, add an account and scan this QR code.</li>
        <li>
          Or type the key instead: <code data-testid="totp-secret">{spaced(secret)}</code> (time-based).
        </li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      <div className="two-factor-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <Form method="post" className="card" {...getFormProps(form)}>
        <Field
          meta={fields.code}
          label="Code from the app"
          hint="6 digits."
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
        />
        <button type="submit">Confirm and turn on</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
