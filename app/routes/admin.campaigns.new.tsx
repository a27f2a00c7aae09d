import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { CampaignFormFields, campaignChoiceIds } from "~/components/campaign-form-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, summaryOf } from "~/components/forms";
import { createCampaign, listPartnerOrganisations } from "~/models/campaign-admin.server";
import { campaignSchema } from "~/models/campaign-form";
import { DEFAULT_MILESTONES } from "~/models/campaign";
import { listWards } from "~/models/ward.server";
import { requireRole } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "New campaign | Alliance admin" },
  metaDescription("Start a new Social Value City campaign as a draft."),
];

async function loadChoices() {
  const [wards, partners] = await Promise.all([listWards(), listPartnerOrganisations()]);
  return {
    wards: wards.map((w) => ({ code: w.code, name: w.name })),
    partners: partners.map((p) => ({ id: p.id, name: p.name })),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return { choices: await loadChoices() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const formData = await readForm(request);
  const choices = await loadChoices();
  const schema = campaignSchema({
    wardCodes: choices.wards.map((w) => w.code),
    partnerIds: choices.partners.map((p) => p.id),
  });
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await createCampaign(user, submission.value);
  if (!saved.ok)
    return data(submission.reply({ fieldErrors: { [saved.refusal.field]: [saved.refusal.message] } }), {
      status: 400,
    });
  return redirect(`/admin/campaigns/${saved.id}?saved=1`);
}

export default function NewCampaignPage() {
  const { choices } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = useMemo(
    () =>
      campaignSchema({ wardCodes: choices.wards.map((w) => w.code), partnerIds: choices.partners.map((p) => p.id) }),
    [choices],
  );
  const [form, fields] = useForm({
    id: "campaign",
    lastResult,
    defaultValue: { milestones: DEFAULT_MILESTONES.join(", "), conditionalScope: "" },
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <>
      <p>
        <Link to="/admin/campaigns">Campaigns</Link>
      </p>
      <h1>New campaign</h1>
      <p className="lead">It is saved as a draft: only admins see it until you publish it.</p>
      <ErrorSummary errors={summaryOf(form.allErrors, fields, campaignChoiceIds(choices))} />
      {/* Multipart: a long Markdown body is sent as it is, not percent-encoded to three times its size. */}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <CampaignFormFields fields={fields} choices={choices} />
        <button type="submit">Save the draft</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
