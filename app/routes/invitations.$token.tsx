import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { acceptInvitation, getInvitation } from "~/models/organisation.server";
import { requireUser } from "~/guards/session.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Join an organisation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const invitation = await getInvitation(params.token ?? "");
  if (!invitation) return { status: "invalid" as const };
  return {
    status: "valid" as const,
    organisation: invitation.organisation.name,
    invited: invitation.email,
    signedInAs: user.email,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = await acceptInvitation(params.token ?? "", user);
  if (result.status === "accepted") return redirect(`/organisations/${result.invitation.organisation.slug}/manage`);
  if (result.status === "wrong-address")
    throw new Response("This invitation is for another email address: sign in with that one.", { status: 403 });
  return redirect(`/invitations/${encodeURIComponent(params.token ?? "")}`);
}

export default function InvitationPage() {
  const state = useLoaderData<typeof loader>();
  if (state.status === "invalid")
    return (
      <>
        <h1>This invitation has been used, has expired or is not valid</h1>
        <p>
          Ask the organisation’s owner for a new one. <Link to="/account">Go to your account</Link>
        </p>
      </>
    );
  return (
    <>
      <h1>Join {state.organisation}</h1>
      <p className="lead">
        The invitation is for {state.invited}; you are signed in as {state.signedInAs}.
      </p>
      <Form method="post">
        <button type="submit">Join as an editor</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
