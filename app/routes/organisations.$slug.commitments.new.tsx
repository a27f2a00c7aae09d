import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ChoiceGroup, choiceId, ErrorSummary, Field, summaryOf } from "~/components/forms";
import { CommitmentSchema } from "~/models/organisation";
import { createCommitment } from "~/models/organisation.server";
import { QUALITIES } from "~/reference/qualities";
import { requireOrganisationRole } from "~/guards/organisation-role.server";
import { recordIfAdminActing } from "~/models/audit.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Publish a commitment | Salford Social Value City" },
  metaDescription("Publish a commitment for your organisation, with a measure and a target."),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  return { slug: organisation.slug, name: organisation.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation, role } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  const submission = parseWithZod(await readForm(request), { schema: CommitmentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await createCommitment(organisation.id, submission.value);
  await recordIfAdminActing(user, role, {
    action: "commitment.create",
    subject: { kind: "organisation", id: organisation.id },
    summary: `Published a commitment for ${organisation.name}: ${submission.value.title}`,
    after: submission.value,
  });
  return redirect(`/organisations/${organisation.slug}/manage`);
}

export default function NewCommitmentPage() {
  const { slug, name } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "commitment",
    lastResult,
    constraint: getZodConstraint(CommitmentSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CommitmentSchema }),
  });
  return (
    <>
      <p>
        <Link to={`/organisations/${slug}/manage`}>Back to {name}</Link>
      </p>
      <h1>Publish a commitment</h1>
      <p className="lead">One thing {name} will do, under one quality, with a measure and a target.</p>
      <ErrorSummary
        errors={summaryOf(form.allErrors, fields, {
          quality: choiceId("quality", QUALITIES[0]!.key),
          targetKind: choiceId("target", "number"),
        })}
      />
      <Form method="post" {...getFormProps(form)}>
        <ChoiceGroup
          meta={fields.quality}
          type="radio"
          legend="Quality"
          idPrefix="quality"
          options={QUALITIES.map((q) => ({
            value: q.key,
            label: (
              <>
                <strong>{q.name}</strong>
                {q.summary}
              </>
            ),
          }))}
        />
        <Field
          meta={fields.title}
          label="What you will do"
          hint="For example: pay the Real Living Wage to all staff, or host community meetings."
        />
        <Field
          meta={fields.measure}
          label="How you will measure it"
          hint="For example: staff paid at least the Real Living Wage."
        />
        <ChoiceGroup
          meta={fields.targetKind}
          type="radio"
          legend="Target"
          idPrefix="target"
          defaultValue="number"
          options={[
            { value: "number", label: "A number to reach" },
            { value: "yesno", label: "Yes or no: done or not" },
          ]}
        />
        <Field
          meta={fields.targetValue}
          label="The number (for a number target)"
          type="number"
          inputMode="decimal"
          step="any"
        />
        <Field
          meta={fields.unit}
          label="What it counts (for a number target)"
          hint="For example: meetings, staff, hours."
        />
        <Field meta={fields.targetDate} label="Target date" type="date" />
        <button type="submit">Publish the commitment</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
