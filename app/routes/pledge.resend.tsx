import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isHoneypotFilled } from "~/components/forms";
import { ResendConfirmationForm } from "~/components/resend-form";
import { rateLimitAddress } from "~/load-context";
import { ResendSchema } from "~/models/pledge";
import { requestConfirmationResend } from "~/models/pledge-confirmation.server";
import { normaliseEmail } from "~/utils/email-address";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Send the email again | Salford Social Value City" },
  metaDescription("Get a new link to confirm your Social Value City pledge."),
];

export async function action({ request, context }: ActionFunctionArgs) {
  const message = "We have sent a lot of emails for your connection in the last minute.";
  await enforceRateLimit("resend", rateLimitAddress(context), message);
  const formData = await readForm(request);
  if (isHoneypotFilled(formData)) return redirect("/pledge/sent?resent=1");
  const submission = parseWithZod(formData, { schema: ResendSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // Per address too, so one inbox cannot be flooded from many connections.
  await enforceRateLimit("resend", `email:${normaliseEmail(submission.value.email)}`, message);
  // Queued, not sent here: the answer takes the same time whether or not this address has pledged.
  await requestConfirmationResend(submission.value.email);
  return redirect("/pledge/sent?resent=1");
}

export default function ResendPage() {
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Send the confirmation email again</h1>
      <ResendConfirmationForm lastResult={lastResult} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
