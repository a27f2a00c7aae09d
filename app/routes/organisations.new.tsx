import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
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
import { OrganisationSchema } from "~/models/organisation";
import { registerOrganisation } from "~/models/organisation.server";
import { SalfordPostcodeSchema } from "~/models/postcode.server";
import { SECTORS } from "~/reference/sectors";
import { requireUser } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Register an organisation | Salford Social Value City" },
  metaDescription("Register your Salford organisation to publish Social Value City commitments."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  if (isHoneypotFilled(formData)) return redirect("/account");
  const submission = parseWithZod(formData, { schema: ServerOrganisationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const organisation = await registerOrganisation(user.id, submission.value);
  if (!organisation) throw new Error("postcode checked by the schema was not found");
  return redirect(`/organisations/${organisation.slug}/manage?registered=1`);
}

// The server also places the postcode in its ward (the one Salford-postcode rule).
const ServerOrganisationSchema = OrganisationSchema.and(SalfordPostcodeSchema);

export default function RegisterOrganisationPage() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "organisation",
    lastResult,
    constraint: getZodConstraint(OrganisationSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSchema }),
  });
  return (
    <>
      <h1>Register an organisation</h1>
      <p className="lead">
        Social enterprises, charities, businesses, public services and community groups can publish commitments, report
        progress and show a verified badge. The Alliance checks each registration before it appears.
      </p>
      <ErrorSummary errors={summaryOf(form.allErrors, fields, { sector: choiceId("sector", SECTORS[0].key) })} />
      <Form method="post" {...getFormProps(form)}>
        <HoneypotField />
        <Field meta={fields.name} label="Organisation name" autoComplete="organization" />
        <ChoiceGroup
          meta={fields.sector}
          type="radio"
          legend="Sector"
          idPrefix="sector"
          options={SECTORS.map((sector) => ({ value: sector.key, label: sector.name }))}
        />
        <Field meta={fields.address} label="Address" multiline autoComplete="street-address" />
        <Field
          meta={fields.postcode}
          label="Postcode"
          hint="It must be in Salford: it puts you on the map."
          className="postcode"
          autoComplete="postal-code"
        />
        <Field meta={fields.website} label="Website (optional)" type="url" hint="The full address, starting https://" />
        <Field
          meta={fields.contactEmail}
          label="Contact email"
          type="email"
          hint="We email it a link to confirm it. The Alliance uses it to reach you."
          autoComplete="email"
        />
        <Field
          meta={fields.description}
          label="What the organisation does"
          hint="A sentence or two for your public profile."
          multiline
        />
        <button type="submit">Register</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
