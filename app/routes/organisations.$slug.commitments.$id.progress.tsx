import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ChoiceGroup, choiceId, ErrorSummary, Field, summaryOf } from "~/components/forms";
import { ProgressSchema } from "~/models/organisation";
import { reportProgress } from "~/models/organisation.server";
import { requireOrganisationRole } from "~/guards/organisation-role.server";
import { recordIfAdminActing } from "~/models/audit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction = () => [
  { title: "Report progress | Salford Social Value City" },
  metaDescription("Report progress on one of your organisation's commitments."),
];

async function requireCommitment(request: Request, params: Record<string, string | undefined>) {
  const { user, organisation, role } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  const commitment = organisation.commitments.find((c) => c.id === params.id);
  if (!commitment) throw new Response("No active commitment has that address", { status: 404 });
  return { user, role, organisation, commitment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, commitment } = await requireCommitment(request, params);
  return {
    slug: organisation.slug,
    name: organisation.name,
    commitment: {
      title: commitment.title,
      targetKind: commitment.targetKind,
      targetValue: commitment.targetValue,
      unit: commitment.unit,
    },
    today: new Date().toISOString().slice(0, 10),
    // The digest's one-tap link carries the last figure, so the form opens filled in.
    lastValue: z.coerce
      .number()
      .min(0)
      .optional()
      .catch(undefined)
      .parse(new URL(request.url).searchParams.get("value") ?? undefined),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, role, organisation, commitment } = await requireCommitment(request, params);
  const submission = parseWithZod(await readForm(request), { schema: ProgressSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const report = await reportProgress(organisation.id, commitment.id, submission.value);
  await recordIfAdminActing(user, role, {
    action: "commitment.progress",
    subject: { kind: "organisation", id: organisation.id },
    summary: `Reported progress for ${organisation.name}: ${commitment.title}`,
    after: { commitmentId: commitment.id, ...submission.value },
  });
  // A story the filter held is said so on the page they land on.
  return redirect(
    `/organisations/${organisation.slug}/manage?progress=${report?.moderation === "held" ? "held" : "1"}`,
  );
}

export default function ProgressPage() {
  const { slug, name, commitment, today, lastValue } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "progress",
    lastResult,
    defaultValue: { reportedOn: today, value: lastValue === undefined ? undefined : String(lastValue) },
    constraint: getZodConstraint(ProgressSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgressSchema }),
  });
  return (
    <>
      <p>
        <Link to={`/organisations/${slug}/manage`}>Back to {name}</Link>
      </p>
      <h1>Report progress</h1>
      <p className="lead">“{commitment.title}”</p>
      <ErrorSummary
        errors={summaryOf(
          form.allErrors,
          fields,
          commitment.targetKind === "yesno" ? { value: choiceId("value", "1") } : {},
        )}
      />
      <Form method="post" {...getFormProps(form)}>
        {commitment.targetKind === "yesno" ? (
          <ChoiceGroup
            meta={fields.value}
            type="radio"
            legend="Is it done?"
            idPrefix="value"
            options={[
              { value: "1", label: "Yes, done" },
              { value: "0", label: "Not yet" },
            ]}
          />
        ) : (
          <Field
            meta={fields.value}
            label={`Where you have got to (${commitment.unit ?? "number"})`}
            hint={`The target is ${formatNumber(commitment.targetValue ?? 0)} ${commitment.unit ?? ""}.`}
            type="number"
            inputMode="decimal"
            step="any"
          />
        )}
        <Field meta={fields.story} label="What happened" hint="A sentence or two for your public profile." multiline />
        <Field meta={fields.reportedOn} label="Date" type="date" />
        <button type="submit">Report progress</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
