import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PledgeCard, QUICK_CHECK } from "~/components/pledge-card";
import { ResendConfirmationForm } from "~/components/resend-form";
import { findPublicCampaignById } from "~/models/campaign.server";
import { confirmPledge, getPledgeByConfirmToken } from "~/models/pledge-confirmation.server";
import { tokenPageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => tokenPageMeta("Confirm your pledge");

/**
 * Opening the emailed link only shows the pledge: mail scanners that follow
 * links must not confirm anything. The button's POST does.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const state = await getPledgeByConfirmToken(params.token ?? "");
  if (state.status !== "pending") return state;
  const campaign = await findPublicCampaignById(state.pledge.campaignId);
  return { ...state, campaign: campaign && { slug: campaign.slug, name: campaign.name } };
}

export async function action({ params }: ActionFunctionArgs) {
  const result = await confirmPledge(params.token ?? "");
  if (result.status === "confirmed") return redirect(`/pledges/${result.pledgeId}?confirmed=1`);
  // Spent or expired meanwhile: show the page again, which explains.
  // Encoded: the token is whatever the path held, and a NUL or CR/LF in a Location header was a 500.
  return redirect(`/confirm/${encodeURIComponent(params.token ?? "")}`);
}

export default function ConfirmPage() {
  const state = useLoaderData<typeof loader>();
  if (state.status === "expired")
    return (
      <>
        <h1>This link has expired</h1>
        <p>Confirmation links work for 7 days. We can send you a new one.</p>
        <ResendConfirmationForm />
      </>
    );
  if (state.status === "invalid")
    return (
      <>
        <h1>This link has already been used or is not valid</h1>
        <p>
          If you have confirmed your pledge already, it counts: you will have had an email saying so. If not, we can
          send a new link.
        </p>
        <ResendConfirmationForm />
        <p>
          <Link to="/pledges">See the pledges</Link>
        </p>
      </>
    );
  return (
    <>
      <h1>Confirm your pledge</h1>
      <p className="lead">Here is the pledge you made. Press the button to confirm it and add it to Salford’s tally.</p>
      <PledgeCard pledge={state.pledge} />
      {state.held ? (
        <p className="notice" role="status">
          {QUICK_CHECK}
        </p>
      ) : null}
      {state.campaign ? (
        <p>
          Made for the campaign <Link to={`/campaigns/${state.campaign.slug}`}>{state.campaign.name}</Link>.
        </p>
      ) : null}
      <Form method="post">
        <button type="submit">Confirm my pledge</button>
      </Form>
      <p className="meta">
        If you did not make this pledge, close this page: nothing happens unless you press the button.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
