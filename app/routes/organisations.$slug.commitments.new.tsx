import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, Field, FieldError, summaryOf } from "~/components/forms";
import { CommitmentSchema } from "~/models/organisation";
import { createCommitment } from "~/models/organisation.server";
import { QUALITIES } from "~/reference/qualities";
import { requireOrganisationRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [{ title: "Publish a commitment | Salford Social Value City" }, metaDescription("Publish a commitment for your organisation, with a measure and a target.")];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  return { slug: organisation.slug, name: organisation.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation } = await requireOrganisationRole(request, params.slug ?? "", ["owner", "editor"]);
  const submission = parseWithZod(await readForm(request), { schema: CommitmentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await createCommitment(organisation.id, submission.value);
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
        errors={summaryOf(form.allErrors, { ...fields, quality: { id: `quality-${QUALITIES[0]!.key}` }, targetKind: { id: "target-number" } })}
      />
      <Form method="post" {...getFormProps(form)}>
        <fieldset className="form-group" aria-describedby={fields.quality.errors ? fields.quality.errorId : undefined}>
          <legend>Quality</legend>
          <FieldError id={fields.quality.errorId} errors={fields.quality.errors} />
          {QUALITIES.map((q) => (
            <div className="choice" key={q.key}>
              <input type="radio" id={`quality-${q.key}`} name={fields.quality.name} value={q.key} defaultChecked={fields.quality.initialValue === q.key} />
              <label htmlFor={`quality-${q.key}`}>
                <strong>{q.name}</strong>
                {q.summary}
              </label>
            </div>
          ))}
        </fieldset>
        <Field meta={fields.title} label="What you will do" hint="For example: pay the Real Living Wage to all staff, or host community meetings." />
        <Field meta={fields.measure} label="How you will measure it" hint="For example: staff paid at least the Real Living Wage." />
        <fieldset className="form-group" aria-describedby={fields.targetKind.errors ? fields.targetKind.errorId : undefined}>
          <legend>Target</legend>
          <FieldError id={fields.targetKind.errorId} errors={fields.targetKind.errors} />
          <div className="choice">
            <input type="radio" id="target-number" name={fields.targetKind.name} value="number" defaultChecked={fields.targetKind.initialValue !== "yesno"} />
            <label htmlFor="target-number">A number to reach</label>
          </div>
          <div className="choice">
            <input type="radio" id="target-yesno" name={fields.targetKind.name} value="yesno" defaultChecked={fields.targetKind.initialValue === "yesno"} />
            <label htmlFor="target-yesno">Yes or no: done or not</label>
          </div>
        </fieldset>
        <Field meta={fields.targetValue} label="The number (for a number target)" type="number" inputMode="decimal" step="any" />
        <Field meta={fields.unit} label="What it counts (for a number target)" hint="For example: meetings, staff, hours." />
        <Field meta={fields.targetDate} label="Target date" type="date" />
        <button type="submit">Publish the commitment</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
