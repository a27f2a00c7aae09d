import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EventFormFields, eventChoiceIds } from "~/components/event-form-fields";
import { ErrorSummary, FormAlert, summaryOf } from "~/components/forms";
import { EventPostcodeSchema, listCampaignChoices, updateEvent } from "~/models/event-admin.server";
import { editEventSchema } from "~/models/event-form";
import { requireEventForOrganiser } from "~/guards/event-for-organiser.server";
import { requireUser } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Edit ${loaded?.event.title ?? "event"} | Salford Social Value City` },
  metaDescription("Change an event's details: its time, place, places and contact."),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requireEventForOrganiser(request, params.id);
  return { event, campaigns: await listCampaignChoices(event.campaignId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await requireEventForOrganiser(request, params.id);
  const formData = await readForm(request);
  const campaigns = await listCampaignChoices(event.campaignId);
  const schema = editEventSchema({ organisers: [], campaignIds: campaigns.map((c) => c.value) }).and(
    EventPostcodeSchema,
  );
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // Who saved it, for the audit log (the guard above has let them in).
  const user = await requireUser(request);
  const saved = await updateEvent(event.id, submission.value, new Date(), user);
  if (!saved) throw new Response("No event has that address", { status: 404 });
  if (!saved.ok) {
    const { field, message } = saved.refusal;
    return data(submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }), {
      status: 400,
    });
  }
  return redirect(`/events/${event.id}/manage?saved=1`);
}

export default function EditEventPage() {
  const { event, campaigns } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = useMemo(
    () => editEventSchema({ organisers: [], campaignIds: campaigns.map((c) => c.value) }),
    [campaigns],
  );
  const [form, fields] = useForm({
    id: `event-${event.id}`,
    lastResult,
    defaultValue: event.form,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const choices = { campaigns };
  return (
    <>
      <p>
        <Link to={`/events/${event.id}/manage`}>
          Back to running the event<span className="visually-hidden">: {event.title}</span>
        </Link>
      </p>
      <h1>Edit {event.title}</h1>
      {event.status === "cancelled" ? (
        <p className="notice" role="status">
          This event is cancelled: it cannot be changed.
        </p>
      ) : event.status === "published" ? (
        <p className="lead">
          It is published. If you change its time or place, everyone going, offered a place or waiting is emailed the
          change.
        </p>
      ) : (
        <p className="lead">It is a draft: only its organisers see it.</p>
      )}
      {event.moderation === "visible" ? null : (
        <p className="notice" data-testid="event-moderation">
          {event.moderation === "held"
            ? "It waits for a quick check by the Alliance’s moderators: the public does not see it until one approves it."
            : "The Alliance’s moderators hid it: the public does not see it."}{" "}
          A title or description with a web address or a word on the Alliance’s list is held for a check again.
        </p>
      )}
      <ErrorSummary errors={summaryOf(form.allErrors, fields, eventChoiceIds(choices))} />
      <FormAlert reply={lastResult ? { error: { "": form.errors ?? null } } : undefined} />
      {event.status === "cancelled" ? null : (
        // Multipart: a long Markdown description is sent as it is, not percent-encoded to three times its size.
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
          <EventFormFields fields={fields} choices={choices} />
          <button type="submit">Save the changes</button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
