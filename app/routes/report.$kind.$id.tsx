import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  ChoiceGroup,
  choiceId,
  ErrorSummary,
  Field,
  HoneypotField,
  isHoneypotFilled,
  summaryOf,
} from "~/components/forms";
import { reportPath } from "~/components/report-link";
import { rateLimitAddress } from "~/load-context";
import { isModerationKind } from "~/models/moderation";
import { isItemId } from "~/models/moderation-items.server";
import { REPORT_DETAILS_MAX, REPORT_REASONS, ReportSchema, reportReasonText } from "~/models/moderation-report";
import { findReportTarget, reportItem } from "~/models/moderation-report.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { enforceRateLimit } from "~/utils/rate-limit.server";

// The 429 keeps its Retry-After on the way to the browser.
export { rateLimitHeaders as headers } from "~/utils/rate-limit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.sent
      ? "Thank you for your report | Salford Social Value City"
      : `Report ${data?.target ? `this ${data.target.kindName}` : "something"} | Salford Social Value City`,
  },
  metaDescription(
    "Tell the Salford Social Value Alliance's moderators about something on the site that should not be there. No account needed.",
  ),
  { name: "robots", content: "noindex" },
];

const notFound = () => new Response("There is nothing to report at that address", { status: 404 });

/**
 * The Report page for one public pledge, note, story, organisation or event:
 * the form, and with ?sent=1 the thanks. The thanks does not look the item up:
 * the report may just have hidden it, and it reads the same either way.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (new URL(request.url).searchParams.get("sent") === "1") {
    if (!isModerationKind(params.kind) || !isItemId(params.id)) throw notFound();
    return { sent: true as const, target: null };
  }
  const target = await findReportTarget(params.kind, params.id);
  if (!target) throw notFound();
  return { sent: false as const, target };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await enforceRateLimit(
    "report",
    rateLimitAddress(context),
    "We have had a lot of reports from your connection in the last minute.",
  );
  const formData = await readForm(request);
  const { kind, id } = params;
  if (!isModerationKind(kind) || !isItemId(id)) throw notFound();
  const sent = `${reportPath(kind, id)}?sent=1`;
  // A bot filled the hidden field: look successful, store nothing.
  if (isHoneypotFilled(formData)) return redirect(sent);
  const submission = parseWithZod(formData, { schema: ReportSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await reportItem(kind, id, {
    reason: reportReasonText(submission.value),
    contactEmail: submission.value.contactEmail,
    reporter: rateLimitAddress(context),
  });
  if (result.status === "not-found") throw notFound();
  return redirect(sent);
}

const REASON_OPTIONS = Object.entries(REPORT_REASONS).map(([value, label]) => ({ value, label }));

function ReportForm({ lastResult }: { lastResult?: ReturnType<typeof useActionData<typeof action>> }) {
  const [form, fields] = useForm({
    id: "report",
    lastResult,
    constraint: getZodConstraint(ReportSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportSchema }),
  });
  const summary = summaryOf(form.allErrors, fields, { reason: choiceId("reason", REASON_OPTIONS[0]!.value) });
  return (
    <>
      <ErrorSummary errors={summary} />
      <Form method="post" className="card" {...getFormProps(form)}>
        <HoneypotField />
        <ChoiceGroup
          meta={fields.reason}
          type="radio"
          legend="What is wrong with it?"
          idPrefix="reason"
          options={REASON_OPTIONS}
        />
        <Field
          meta={fields.details}
          label="Tell us more"
          hint={`Needed if you chose “Something else”; otherwise optional. Up to ${REPORT_DETAILS_MAX} characters.`}
          multiline
          rows={4}
          maxLength={REPORT_DETAILS_MAX}
        />
        <Field
          meta={fields.contactEmail}
          label="Your email address (optional)"
          hint="Only if you would like the moderators to be able to ask you about it. We never show it."
          type="email"
          autoComplete="email"
          spellCheck={false}
        />
        <button type="submit">Send the report</button>
      </Form>
    </>
  );
}

export default function ReportPage() {
  const { sent, target } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  if (sent || !target)
    return (
      <>
        <h1>Thank you for your report</h1>
        <p className="lead" role="status">
          The Salford Social Value Alliance’s moderators will look at it. When several people report the same thing, it
          is hidden until they have.
        </p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </>
    );
  return (
    <>
      <h1>Report this {target.kindName}</h1>
      <p className="lead">
        You are reporting {target.kind === "pledge" ? "the pledge" : `the ${target.kindName}`}{" "}
        <strong>{target.title}</strong>. Tell the Alliance’s moderators what is wrong with it; you do not need an
        account.
      </p>
      <ReportForm lastResult={lastResult} />
      <p>
        <Link to={target.path}>
          Back without reporting<span className="visually-hidden">: {target.title}</span>
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
