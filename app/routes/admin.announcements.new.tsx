import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { AnnouncementFormFields } from "~/components/announcement-form-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, summaryOf } from "~/components/forms";
import { announcementSchema } from "~/models/announcement";
import { createAnnouncement, loadAnnouncementChoices } from "~/models/announcement.server";
import { requireRole } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "New announcement | Alliance admin" },
  metaDescription("Write a news email from the Alliance, saved as a draft until it is sent."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return { choices: await loadAnnouncementChoices() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const formData = await readForm(request);
  const choices = await loadAnnouncementChoices();
  const schema = announcementSchema({
    wardCodes: choices.wards.map((w) => w.code),
    campaignIds: choices.campaigns.map((c) => c.id),
  });
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const id = await createAnnouncement(user, submission.value);
  return redirect(`/admin/announcements/${id}?saved=1`);
}

export default function NewAnnouncementPage() {
  const { choices } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = useMemo(
    () =>
      announcementSchema({
        wardCodes: choices.wards.map((w) => w.code),
        campaignIds: choices.campaigns.map((c) => c.id),
      }),
    [choices],
  );
  const [form, fields] = useForm({
    id: "announcement",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <>
      <p>
        <Link to="/admin/announcements">Announcements</Link>
      </p>
      <h1>New announcement</h1>
      <p className="lead">
        It is saved as a draft: on the next page you see who it reaches, preview it and send yourself a test before
        anyone else gets it.
      </p>
      <ErrorSummary errors={summaryOf(form.allErrors, fields)} />
      {/* Multipart: a long Markdown body is sent as it is, not percent-encoded to three times its size. */}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <AnnouncementFormFields fields={fields} choices={choices} />
        <button type="submit">Save the draft</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
