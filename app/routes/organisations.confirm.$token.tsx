import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { confirmContactEmail, getOrganisationByContactToken } from "~/models/organisation.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Confirm the contact email");

/** A page with a button: opening the link confirms nothing. */
export async function loader({ params }: LoaderFunctionArgs) {
  const organisation = await getOrganisationByContactToken(params.token ?? "");
  return organisation ? { name: organisation.name, email: organisation.contactEmail } : null;
}

export async function action({ params }: ActionFunctionArgs) {
  const organisation = await confirmContactEmail(params.token ?? "");
  if (!organisation) return redirect(`/organisations/confirm/${encodeURIComponent(params.token ?? "")}`);
  return redirect("/organisations/confirmed");
}

export default function ConfirmContactPage() {
  const organisation = useLoaderData<typeof loader>();
  if (!organisation)
    return (
      <>
        <h1>This link has already been used or is not valid</h1>
        <p>If you confirmed the address already, there is nothing more to do.</p>
      </>
    );
  return (
    <>
      <h1>Confirm the contact email for {organisation.name}</h1>
      <p className="lead">
        Is {organisation.email} the right address for the Alliance to reach {organisation.name}?
      </p>
      <Form method="post">
        <button type="submit">Confirm this address</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
