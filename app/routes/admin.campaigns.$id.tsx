import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { CampaignFormFields, campaignChoiceIds } from "~/components/campaign-form-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, FormAlert, summaryOf } from "~/components/forms";
import { StatusButton } from "~/components/status-button";
import {
  getCampaignForAdmin,
  listPartnerOrganisations,
  setCampaignStatus,
  updateCampaign,
} from "~/models/campaign-admin.server";
import { campaignEditSchema } from "~/models/campaign-form";
import type { CampaignStatus } from "~/models/campaign";
import { listWards } from "~/models/ward.server";
import { requireRole } from "~/guards/session.server";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.campaign.name ?? "Campaign"} | Alliance admin` },
  metaDescription("Edit, publish or archive a Social Value City campaign."),
];

async function loadChoices() {
  const [wards, partners] = await Promise.all([listWards(), listPartnerOrganisations()]);
  return {
    wards: wards.map((w) => ({ code: w.code, name: w.name })),
    partners: partners.map((p) => ({ id: p.id, name: p.name })),
  };
}

async function requireCampaign(id: string | undefined) {
  const campaign = await getCampaignForAdmin(id ?? "");
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  return campaign;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const campaign = await requireCampaign(params.id);
  return { campaign, choices: await loadChoices() };
}

const STATUS_OF = { publish: "published", archive: "archived", draft: "draft" } as const satisfies Record<
  string,
  CampaignStatus
>;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const campaign = await requireCampaign(params.id);
  const formData = await readForm(request);
  const choices = await loadChoices();
  const schema = campaignEditSchema({
    wardCodes: choices.wards.map((w) => w.code),
    partnerIds: choices.partners.map((p) => p.id),
  });
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success")
    return data({ intent: String(submission.payload.intent ?? ""), reply: submission.reply() }, { status: 400 });
  const sent = submission.value;
  if (sent.intent !== "save") {
    if (!(await setCampaignStatus(user, campaign.id, STATUS_OF[sent.intent])))
      throw new Response("Campaign not found", { status: 404 });
    return redirect(`/admin/campaigns/${campaign.id}?status=${STATUS_OF[sent.intent]}`);
  }
  const saved = await updateCampaign(user, campaign.id, sent);
  if (!saved) throw new Response("Campaign not found", { status: 404 });
  if (!saved.ok)
    return data(
      {
        intent: "save",
        reply: submission.reply({ fieldErrors: { [saved.refusal.field]: [saved.refusal.message] } }),
      },
      { status: 400 },
    );
  return redirect(`/admin/campaigns/${campaign.id}?saved=1`);
}

const STATUS_WORDS: Record<CampaignStatus, string> = {
  draft: "Draft: only admins see it",
  published: "Published",
  archived: "Archived: shown as past",
};

const CHANGED: Record<string, string> = {
  published: "Published: the campaign is public now.",
  archived: "Archived: the campaign shows as past.",
  draft: "Back to draft: only admins see it now.",
};

export default function EditCampaignPage() {
  const { campaign, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const schema = useMemo(
    () =>
      campaignEditSchema({
        wardCodes: choices.wards.map((w) => w.code),
        partnerIds: choices.partners.map((p) => p.id),
      }),
    [choices],
  );
  const [form, fields] = useForm({
    id: `campaign-${campaign.id}`,
    lastResult: result?.intent === "save" ? result.reply : undefined,
    defaultValue: campaign.form,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const changed = CHANGED[params.get("status") ?? ""];
  return (
    <>
      <p>
        <Link to="/admin/campaigns">Campaigns</Link>
      </p>
      <h1>{campaign.name}</h1>
      {params.get("saved") === "1" ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {changed ? (
        <p className="notice" role="status">
          {changed}
        </p>
      ) : null}
      <h2>Status</h2>
      <p>
        <strong data-testid="campaign-status">{STATUS_WORDS[campaign.status]}</strong>
        {campaign.publishedAt ? ` (published ${formatDate(campaign.publishedAt)})` : null}.{" "}
        {campaign.status === "draft" ? null : (
          <Link to={`/campaigns/${campaign.slug}`}>
            Its public page<span className="visually-hidden">: {campaign.name}</span>
          </Link>
        )}
      </p>
      {/* The status buttons send only their intent: their errors come from a page that is out of date. */}
      <FormAlert reply={result?.intent === "save" ? undefined : result?.reply} />
      <div className="actions">
        {campaign.status === "published" ? null : (
          <StatusButton intent="publish" label={campaign.status === "archived" ? "Publish again" : "Publish"} />
        )}
        {campaign.status === "published" ? <StatusButton intent="archive" label="Archive" secondary /> : null}
        {campaign.status === "draft" ? null : <StatusButton intent="draft" label="Back to draft" secondary />}
      </div>
      <h2>Details</h2>
      <ErrorSummary errors={summaryOf(form.allErrors, fields, campaignChoiceIds(choices))} />
      {/* Multipart: a long Markdown body is sent as it is, not percent-encoded to three times its size. */}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <CampaignFormFields fields={fields} choices={choices} />
        <button type="submit">Save the changes</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
