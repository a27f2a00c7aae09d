import type { MetaFunction } from "@remix-run/node";
import { Link, useSearchParams } from "@remix-run/react";
import { QUICK_CHECK } from "~/components/pledge-card";
import { ResendConfirmationForm } from "~/components/resend-form";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Check your email | Salford Social Value City" },
  metaDescription("Check your email to confirm your Social Value City pledge."),
];

export default function PledgeSentPage() {
  const [params] = useSearchParams();
  const resent = params.get("resent") === "1";
  const held = params.get("check") === "1";
  return (
    <>
      <h1>{resent ? "We have sent it again" : "Check your email to confirm your pledge"}</h1>
      {resent ? (
        <p className="notice" role="status">
          If there is an unconfirmed pledge for that address, a new confirmation email is on its way. The link in any
          earlier email no longer works.
        </p>
      ) : null}
      <p className="lead">
        We have emailed you a link. Open it and press <strong>Confirm my pledge</strong>: your pledge counts in
        Salford’s tally once you do.
      </p>
      {held ? (
        <p className="notice" role="status">
          {QUICK_CHECK}
        </p>
      ) : null}
      <p>
        The link works for 7 days. If you had already confirmed this same pledge, it is counted once already and there
        is nothing more to do.
      </p>
      <h2>No email?</h2>
      <p>Check your spam or junk folder. It comes from Salford Social Value City.</p>
      <ResendConfirmationForm />
      <p>
        <Link to="/pledges">See what others have pledged</Link>
      </p>
    </>
  );
}
