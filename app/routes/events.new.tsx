import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EventFormFields, eventChoiceIds } from "~/components/event-form-fields";
import { ErrorSummary, FormAlert, summaryOf } from "~/components/forms";
import {
  createEvent,
  EventPostcodeSchema,
  listCampaignChoices,
  listOrganiserChoices,
} from "~/models/event-admin.server";
import { newEventSchema, type EventFormValues } from "~/models/event-form";
import { requireUser } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "New event | Salford Social Value City" },
  metaDescription("Announce a community meeting, a stall or a volunteering day: start it as a draft."),
];

/** Who may make an event, and for whom: admins (for the Alliance or any verified organisation), owners and editors. */
async function requireEventMaker(request: Request) {
  const user = await requireUser(request);
  const organisers = await listOrganiserChoices(user);
  if (organisers.length === 0)
    throw new Response(
      "Events are made by the Alliance’s admins and by the owners and editors of verified organisations.",
      { status: 403 },
    );
  return { user, organisers };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, organisers } = await requireEventMaker(request);
  const wanted = new URL(request.url).searchParams.get("organisation");
  return {
    organisers,
    campaigns: await listCampaignChoices(),
    defaults: {
      organisation: organisers.find((o) => o.value === wanted)?.value ?? "",
      contactEmail: user.email,
      mode: "place",
      campaignId: "",
    } satisfies Partial<EventFormValues & { organisation: string }> as Partial<
      EventFormValues & { organisation: string }
    >,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, organisers } = await requireEventMaker(request);
  const formData = await readForm(request);
  const campaigns = await listCampaignChoices();
  const schema = newEventSchema({
    organisers: organisers.map((o) => o.value),
    campaignIds: campaigns.map((c) => c.value),
  }).and(EventPostcodeSchema);
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await createEvent(user, submission.value);
  if (!saved.ok) {
    const { field, message } = saved.refusal;
    return data(submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }), {
      status: 400,
    });
  }
  return redirect(`/events/${saved.id}/manage?created=1`);
}

export default function NewEventPage() {
  const { organisers, campaigns, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = useMemo(
    () => newEventSchema({ organisers: organisers.map((o) => o.value), campaignIds: campaigns.map((c) => c.value) }),
    [organisers, campaigns],
  );
  const [form, fields] = useForm({
    id: "event",
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const choices = { organisers, campaigns };
  return (
    <>
      <h1>New event</h1>
      <p className="lead">It is saved as a draft: only its organisers see it until you publish it.</p>
      <ErrorSummary errors={summaryOf(form.allErrors, fields, eventChoiceIds(choices))} />
      <FormAlert reply={lastResult ? { error: { "": form.errors ?? null } } : undefined} />
      {/* Multipart: a long Markdown description is sent as it is, not percent-encoded to three times its size. */}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <EventFormFields fields={fields} choices={choices} />
        <button type="submit">Save the draft</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
