import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ShareLinks } from "~/components/share-links";
import { PledgeCard, QUICK_CHECK } from "~/components/pledge-card";
import { ReportLink } from "~/components/report-link";
import { findPublicCampaignById } from "~/models/campaign.server";
import { CHOICE_LABELS } from "~/models/check-in";
import { listPublicCheckIns } from "~/models/check-in.server";
import { getConditionProgress, type ConditionProgress } from "~/models/pledge-condition.server";
import { FEWER_THAN } from "~/models/ward-figures";
import { getPublicPledge } from "~/models/pledge-read.server";
import { appUrl } from "~/utils/env.server";
import { formatDate } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${quoted(data.pledge)} | Salford Social Value City` },
        metaDescription(`A Salford Social Value City pledge: ${quoted(data.pledge)}`),
        { property: "og:title", content: "A Salford Social Value City pledge" },
        { property: "og:description", content: data.pledge.commitment },
        { property: "og:url", content: data.shareUrl },
      ]
    : [{ title: "Pledge not found | Salford Social Value City" }, metaDescription("That pledge is not here.")];

/** Its words in quotation marks; a pledge whose words are withheld is not quoted. */
function quoted(pledge: { commitment: string; withheld: boolean }) {
  return pledge.withheld ? pledge.commitment : `“${pledge.commitment}”`;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const id = z.string().uuid().safeParse(params.id);
  const pledge = id.success ? await getPublicPledge(id.data) : null;
  if (!pledge) throw new Response("Pledge not found", { status: 404 });
  const [checkIns, campaign, condition] = await Promise.all([
    listPublicCheckIns(pledge.id),
    findPublicCampaignById(pledge.campaignId),
    getConditionProgress(pledge.conditionId),
  ]);
  return {
    pledge,
    checkIns,
    // A draft's name is the admin's: a campaign taken back to draft is not named.
    campaign: campaign && { slug: campaign.slug, name: campaign.name },
    condition,
    shareUrl: appUrl(`/pledges/${pledge.id}`),
  };
}

/** "x of N": where the condition a conditional pledge waits in stands. */
function ConditionState({
  condition,
  wardName,
  campaignName,
}: {
  condition: ConditionProgress;
  wardName: string;
  campaignName?: string;
}) {
  const where = condition.wardCode ? `in ${wardName}` : campaignName ? `for ${campaignName}` : "for its campaign";
  const deadline = formatDate(condition.deadline);
  return (
    <section className="card condition" aria-labelledby="condition-title">
      <h2 id="condition-title">Only if others join in</h2>
      <p>
        This pledge counts only if {condition.threshold} people {where} make it by {deadline}.
      </p>
      <p className="condition-count">
        <strong>
          {condition.signers ?? FEWER_THAN} of {condition.threshold}
        </strong>{" "}
        {condition.signers === 1 ? "has" : "have"} made it so far.
      </p>
      <p>
        {condition.status === "on" && condition.settledAt
          ? `It’s on: it has counted in Salford’s tally since ${formatDate(condition.settledAt)}.`
          : condition.status === "lapsed"
            ? `It did not reach its number by ${deadline}, so it does not count.`
            : `Waiting: it counts once ${condition.threshold} have made it, if they do by ${deadline}.`}
      </p>
    </section>
  );
}

export default function PledgePage() {
  const { pledge, checkIns, campaign, condition, shareUrl } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const text = pledge.withheld
    ? "I have made a Salford Social Value City pledge"
    : `I have made a Salford Social Value City pledge: “${pledge.commitment}”`;
  return (
    <>
      {params.get("confirmed") === "1" ? (
        <div className="notice" role="status">
          <h1>Thank you: your pledge is confirmed</h1>
          <p>
            {condition && condition.status !== "on"
              ? "It counts in Salford’s tally once enough others make it too (below)."
              : "It now counts in Salford’s tally."}{" "}
            We have sent you an email with a link to this page.
          </p>
          {pledge.withheld ? <p>{QUICK_CHECK}</p> : null}
        </div>
      ) : (
        <h1>A Salford Social Value City pledge</h1>
      )}
      {params.get("checkedIn") ? (
        <p className="notice" role="status">
          Thank you for checking in
          {params.get("checkedIn") === "done" ? ": well done! No more reminders for this pledge." : "."}
          {params.get("held") === "1"
            ? " What you wrote will appear here after a quick check by the Alliance’s moderators."
            : null}
        </p>
      ) : null}
      <PledgeCard pledge={pledge} />
      {pledge.withheld ? null : (
        <p>
          <ReportLink kind="pledge" id={pledge.id} />
        </p>
      )}
      {campaign ? (
        <p>
          Made for the campaign <Link to={`/campaigns/${campaign.slug}`}>{campaign.name}</Link>.
        </p>
      ) : null}
      {condition ? (
        <ConditionState condition={condition} wardName={pledge.wardName} campaignName={campaign?.name} />
      ) : null}
      {checkIns.length ? (
        <>
          <h2>Check-ins</h2>
          <ul>
            {checkIns.map((c) => (
              <li key={c.id}>
                <strong>{CHOICE_LABELS[c.choice]}</strong> ({formatDate(c.createdAt)}){c.note ? `: ${c.note}` : ""}
                {c.note ? (
                  <>
                    {" "}
                    <ReportLink kind="check_in" id={c.id} label={`the check-in note of ${formatDate(c.createdAt)}`} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Share this pledge</h2>
      <ShareLinks url={shareUrl} text={text} subject="My Salford Social Value City pledge" label="this pledge" />
      <p>
        <Link to="/pledges">See all pledges</Link> · <Link to="/pledge">Make a pledge</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
