import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarTable, ColumnChart, type Column } from "~/components/desk-charts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDashboardFigures, getQueueSizes } from "~/models/admin-figures.server";
import { formatEventTime } from "~/models/event";
import { listEventsForAdmin } from "~/models/event-admin.server";
import { countOrganisationsByStatus } from "~/models/organisation.server";
import { FEWER_THAN } from "~/models/ward-figures";
import { requireRole } from "~/guards/session.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction = () => [
  { title: "Admin | Salford Social Value City" },
  metaDescription("The Salford Social Value Alliance's desk: the day's work and the movement's figures."),
];

/**
 * The desk's home (docs/dashboard-and-exports.md): what waits (the queues),
 * links to every desk page the user may use, and the figures, for admins and
 * moderators. Every figure is an aggregate read (the tally's counters or one
 * grouped query), so the page costs the same at a million pledges.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  const admin = user.role === "admin";
  const [queues, figures, organisations, events] = await Promise.all([
    getQueueSizes(),
    getDashboardFigures(),
    admin ? countOrganisationsByStatus() : null,
    admin ? listEventsForAdmin() : [],
  ]);
  return {
    role: user.role,
    queues,
    figures,
    organisations,
    events: events.map((e) => ({
      id: e.id,
      title: e.title,
      status: e.status,
      when: formatEventTime(e.startsAt, e.endsAt),
      organiser: e.organisation?.name ?? "the Alliance",
    })),
  };
}

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const longDay = (day: string) => formatDate(day, { calendarDate: true });
const pledges = (n: number) => `${formatNumber(n)} ${n === 1 ? "pledge" : "pledges"}`;
const share = (part: number, whole: number) => (whole ? `${formatNumber((part / whole) * 100, 1)}%` : "–");

/** A series in a sentence: its sum, and its busiest column. */
function describeSeries(columns: Column[], span: string) {
  const sum = columns.reduce((s, c) => s + c.value, 0);
  if (!sum) return `No pledges began to count in ${span}.`;
  const busiest = columns.reduce((best, c) => (c.value > best.value ? c : best));
  return `${pledges(sum)} in ${span}; the most, ${formatNumber(busiest.value)}, on ${busiest.label}.`;
}

export default function AdminPage() {
  const { role, queues, figures: f, organisations, events } = useLoaderData<typeof loader>();
  const admin = role === "admin";
  const days = (series: typeof f.last30): Column[] =>
    series.map((d) => ({ key: d.day, label: shortDay(d.day), value: d.pledges }));
  const weeks: Column[] = f.weekly.map((w) => ({ key: w.week, label: `w/c ${shortDay(w.week)}`, value: w.pledges }));
  return (
    <>
      <h1>Alliance desk</h1>
      <h2>Today’s work</h2>
      <ul className="desk-links">
        <li>
          <Link to="/admin/moderation">Moderation queue</Link>:{" "}
          <strong data-testid="queue-moderation">{formatNumber(queues.moderation)}</strong> waiting for review
        </li>
        <li>
          <Link to="/admin/help">People who need a hand</Link>:{" "}
          <strong data-testid="queue-help">{formatNumber(queues.help)}</strong> new
        </li>
        <li>
          <Link to="/admin/moderation/words">Word list</Link>: the words the filter holds for review
          {admin ? "" : " (admins edit it)"}
        </li>
        {admin ? (
          <>
            <li>
              <Link to="/admin/organisations">Organisations</Link>: {organisations?.pending ?? 0} waiting for
              verification, {organisations?.verified ?? 0} verified, {organisations?.rejected ?? 0} rejected
            </li>
            <li>
              <Link to="/admin/campaigns">Campaigns</Link>: make, edit, publish and archive them
            </li>
            <li>
              <Link to="/events/new">Make an event</Link>: for the Alliance or any verified organisation
            </li>
            <li>
              <Link to="/admin/announcements">Announcements</Link>: news emails to pledgers and members who agreed
            </li>
            <li>
              <Link to="/admin/emails">Email</Link>: what was sent, what failed and why
            </li>
            <li>
              <Link to="/admin/people">People and roles</Link>: who are moderators and admins
            </li>
            <li>
              <Link to="/admin/audit">Audit log</Link>: every admin and moderator action
            </li>
          </>
        ) : null}
        <li>
          <Link to="/admin/exports">Exports</Link>: the figures as CSV files
          {admin ? ", and the lists of people" : ""}
        </li>
      </ul>

      <h2>The movement in figures</h2>
      <p className="meta">As counted at {formatDateTime(f.updatedAt)}.</p>
      <BarTable
        id="figures-summary"
        caption="The tally"
        labelHeading="Figure"
        valueHeading="Count"
        rows={[
          { key: "total", label: "Counted in all (pledges and organisations)", value: f.total },
          { key: "residents", label: "Residents’ pledges", value: f.residents },
          { key: "organisations", label: "Organisations", value: f.organisations },
          { key: "kept", label: "Pledges kept", value: f.kept },
          { key: "waiting", label: "Conditional pledges waiting", value: f.waiting },
          { key: "target", label: "Target", value: f.target },
        ]}
      />

      <h3>Pledges over time</h3>
      <ColumnChart
        id="last-30-days"
        title="New pledges a day, the last 30 days"
        summary={describeSeries(days(f.last30), "the last 30 days")}
        columns={days(f.last30)}
        labelHeading="Day"
        valueHeading="New pledges"
      />
      <ColumnChart
        id="last-90-days"
        title="New pledges a day, the last 90 days"
        summary={describeSeries(days(f.last90), "the last 90 days")}
        columns={days(f.last90)}
        labelHeading="Day"
        valueHeading="New pledges"
      />
      <ColumnChart
        id="by-week"
        title={`New pledges a week, the last ${f.weekly.length} weeks`}
        summary={describeSeries(weeks, `the last ${f.weekly.length} weeks`).replace(" on w/c ", " in the week of ")}
        columns={weeks}
        labelHeading="Week beginning"
        valueHeading="New pledges"
      />

      <h3>Signed, confirmed, kept</h3>
      <BarTable
        id="funnel"
        caption="Every pledge made, those confirmed, and those kept"
        labelHeading="Step"
        valueHeading="Pledges"
        moreHeadings={["Of those signed"]}
        rows={[
          { key: "signed", label: "Signed", value: f.funnel.signed, more: ["100%"] },
          {
            key: "confirmed",
            label: "Confirmed their email",
            value: f.funnel.confirmed,
            more: [share(f.funnel.confirmed, f.funnel.signed)],
          },
          {
            key: "kept",
            label: "Kept (the pledger says it is done)",
            value: f.funnel.kept,
            more: [share(f.funnel.kept, f.funnel.signed)],
          },
        ]}
      />
      <p className="meta">
        {pledges(f.funnel.withdrawn)} withdrawn (counted in the steps they reached). Examples are left out.
      </p>

      <h3>By quality: made and kept</h3>
      <BarTable
        id="by-quality"
        caption="Residents’ pledges under each quality, and how many are kept"
        labelHeading="Quality"
        valueHeading="Made"
        moreHeadings={["Kept", "Kept of made", "Organisations"]}
        rows={f.byQuality.map((q) => ({
          key: q.key,
          label: q.name,
          value: q.made,
          more: [formatNumber(q.kept), share(q.kept, q.made), formatNumber(q.organisations)],
        }))}
      />
      <p className="meta">A pledge may show more than one quality, so these add up to more than the pledges.</p>

      <h3>By ward</h3>
      <BarTable
        id="by-ward"
        caption={`Residents’ pledges by ward (a ward with ${FEWER_THAN} shows only that)`}
        labelHeading="Ward"
        valueHeading="Pledges"
        moreHeadings={["Per 1,000 residents"]}
        rows={f.byWard.map((w) => ({
          key: w.code,
          label: w.name,
          value: w.pledges,
          shown: w.fewerThan5 ? FEWER_THAN : undefined,
          more: [w.perThousand === null ? "–" : formatNumber(w.perThousand, 2)],
        }))}
      />

      <h3>By sector</h3>
      <BarTable
        id="by-sector"
        caption="Counted organisations by sector (verified, with an active commitment)"
        labelHeading="Sector"
        valueHeading="Organisations"
        rows={f.bySector.map((s) => ({ key: s.key, label: s.name, value: s.organisations }))}
      />

      <h3>By campaign</h3>
      {f.byCampaign.length ? (
        <BarTable
          id="by-campaign"
          caption="Pledges made for each campaign (drafts aside)"
          labelHeading="Campaign"
          valueHeading="Pledges"
          moreHeadings={["Target", "Kept", "Waiting"]}
          rows={f.byCampaign.map((c) => ({
            key: c.id,
            label: c.status === "archived" ? `${c.name} (archived)` : c.name,
            value: c.pledges,
            more: [
              formatNumber(c.target),
              formatNumber(c.kept),
              c.waiting === null ? FEWER_THAN : formatNumber(c.waiting),
            ],
          }))}
        />
      ) : (
        <p>No campaign has been published yet.</p>
      )}

      <h3>Email health</h3>
      <BarTable
        id="email-status"
        caption="Email messages by what the queue did with them"
        labelHeading="State"
        valueHeading="Messages"
        rows={[
          { key: "queued", label: "Queued", value: f.email.byStatus.queued },
          { key: "sending", label: "Sending", value: f.email.byStatus.sending },
          { key: "sent", label: "Sent", value: f.email.byStatus.sent },
          { key: "failed", label: "Failed", value: f.email.byStatus.failed },
          { key: "suppressed", label: "Not sent (address suppressed)", value: f.email.byStatus.suppressed },
        ]}
      />
      <BarTable
        id="email-delivery"
        caption="Sent messages by what the provider said afterwards"
        labelHeading="Delivery"
        valueHeading="Messages"
        rows={[
          { key: "delivered", label: "Delivered", value: f.email.byDelivery.delivered },
          { key: "bounced", label: "Bounced", value: f.email.byDelivery.bounced },
          { key: "complained", label: "Marked as spam", value: f.email.byDelivery.complained },
          { key: "delayed", label: "Delayed", value: f.email.byDelivery.delayed },
        ]}
      />
      <p className="meta">Figures to {longDay(f.today)}.</p>

      {admin && events.length ? (
        <>
          <h2>Events</h2>
          <ul>
            {events.map((e) => (
              <li key={e.id}>
                <Link to={`/events/${e.id}/manage`}>{e.title}</Link>: {e.when}, run by {e.organiser}
                {e.status === "published" ? "" : ` (${e.status})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
