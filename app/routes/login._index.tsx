import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, HoneypotField, isHoneypotFilled } from "~/components/forms";
import { rateLimitAddress } from "~/load-context";
import { normaliseEmail, EmailSchema } from "~/utils/email-address";
import { requestLogin } from "~/models/user.server";
import { enforceRateLimit } from "~/utils/rate-limit.server";
import { getUser, safeRedirect } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Sign in | Salford Social Value City" },
  metaDescription("Sign in to Salford Social Value City with a link sent to your email."),
];

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
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await enforceRateLimit("login", `email:${normaliseEmail(submission.value.email)}`, message);
  await requestLogin(submission.value.email, safeRedirect(formData.get("redirectTo")));
  return redirect("/login/sent");
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">
        No password: we email you a link. Use the address you pledged or registered your organisation with.
      </p>
      <Form method="post" className="card" {...getFormProps(form)}>
        <HoneypotField />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field meta={fields.email} label="Email address" type="email" autoComplete="email" spellCheck={false} />
        <button type="submit">Email me a sign-in link</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
