import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isHoneypotFilled } from "~/components/forms";
import { ResendConfirmationForm } from "~/components/resend-form";
import { rateLimitAddress } from "~/load-context";
import { requestConfirmationResend } from "~/models/pledge-confirmation.server";
import { normaliseEmail, EmailSchema } from "~/utils/email-address";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Send the email again | Salford Social Value City" }, metaDescription("Get a new link to confirm your Social Value City pledge.")];

const ResendSchema = z.object({
  email: EmailSchema(),
});

export async function loader() {
  return redirect("/pledge/sent");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const message = "We have sent a lot of emails for your connection in the last minute.";
  await enforceRateLimit("resend", rateLimitAddress(context), message);
  const formData = await readForm(request);
  if (isHoneypotFilled(formData)) return redirect("/pledge/sent?resent=1");
  const parsed = ResendSchema.safeParse({ email: formData.get("email") ?? "" });
  if (!parsed.success)
    return data(
      { error: parsed.error.issues[0]!.message, email: String(formData.get("email") ?? "") },
      { status: 400 },
    );
  // Per address too, so one inbox cannot be flooded from many connections.
  await enforceRateLimit("resend", `email:${normaliseEmail(parsed.data.email)}`, message);
  // Queued, not sent here: the answer takes the same time whether or not this address has pledged.
  await requestConfirmationResend(parsed.data.email);
  return redirect("/pledge/sent?resent=1");
}

export default function ResendPage() {
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Send the confirmation email again</h1>
      <ResendConfirmationForm defaultEmail={result?.email} error={result?.error} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
