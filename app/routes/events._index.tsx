import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { EventList } from "~/components/event-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterSelect } from "~/components/filter-select";
import { isCampaignSlug, listPublicCampaigns } from "~/models/campaign.server";
import {
  findEventOrganisation,
  listEventOrganisations,
  listPastEvents,
  listUpcomingEvents,
} from "~/models/event.server";
import { getWardBySlug, listWards } from "~/models/ward.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Events | Salford Social Value City" },
  metaDescription(
    "Community meetings, stalls and volunteering days across Salford: find one near you, by ward, campaign or organisation, and say you are coming.",
  ),
];

const FILTERS = ["ward", "campaign", "organisation"] as const;
type FilterName = (typeof FILTERS)[number];

const NOT_FOUND: Record<FilterName, string> = {
  ward: "There is no Salford ward by that name",
  campaign: "There is no public campaign by that name",
  organisation: "There is no verified organisation by that name",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // A filter is a slug; one that names nothing (an old link, a typo, junk) shows every event with a notice.
  const asked = Object.fromEntries(FILTERS.map((name) => [name, url.searchParams.get(name) || undefined])) as Record<
    FilterName,
    string | undefined
  >;
  const [wards, campaigns, organisations] = await Promise.all([
    listWards(),
    listPublicCampaigns(),
    listEventOrganisations(),
  ]);
  const ward = asked.ward ? await getWardBySlug(asked.ward) : null;
  const campaign =
    asked.campaign && isCampaignSlug(asked.campaign) ? campaigns.find((c) => c.slug === asked.campaign) : undefined;
  const organisation = asked.organisation ? await findEventOrganisation(asked.organisation) : null;
  const notices = [
    asked.ward && !ward ? NOT_FOUND.ward : null,
    asked.campaign && !campaign ? NOT_FOUND.campaign : null,
    asked.organisation && !organisation ? NOT_FOUND.organisation : null,
  ].filter((n): n is string => n !== null);

  const filter = { wardCode: ward?.code, campaignId: campaign?.id, organisationId: organisation?.id };
  const [upcoming, past] = await Promise.all([listUpcomingEvents(filter), listPastEvents({ ...filter, limit: 10 })]);
  const organisationOptions = organisations.map((o) => ({ value: o.slug, label: o.name }));
  if (organisation && !organisations.some((o) => o.id === organisation.id))
    organisationOptions.push({ value: organisation.slug, label: organisation.name });
  return {
    selected: { ward: ward?.slug ?? "", campaign: campaign?.slug ?? "", organisation: organisation?.slug ?? "" },
    chosen: [ward?.name, campaign?.name, organisation?.name].filter(Boolean) as string[],
    notices,
    upcoming,
    past,
    wardOptions: wards.map((w) => ({ value: w.slug, label: w.name })),
    campaignOptions: campaigns
      .filter((c) => c.phase !== "past" || c.id === campaign?.id)
      .map((c) => ({ value: c.slug, label: c.phase === "past" ? `${c.name} (finished)` : c.name })),
    organisationOptions,
  };
}

export default function EventsPage() {
  const { selected, chosen, notices, upcoming, past, wardOptions, campaignOptions, organisationOptions } =
    useLoaderData<typeof loader>();
  const filtered = chosen.length > 0;
  return (
    <>
      <h1>Events</h1>
      <p className="lead">
        Community meetings, stalls at markets and volunteering days run by Salford’s organisations and the Alliance.
        Reply to say you are coming: it is free, and needs no account.
      </p>
      {notices.length ? (
        <p className="notice" data-testid="events-notice">
          {notices.join(". ")}, so this shows every event.
        </p>
      ) : null}
      <Form method="get" className="filters card" aria-label="Filter the events">
        <FilterSelect
          id="events-ward"
          label="Ward"
          name="ward"
          value={selected.ward}
          allLabel="All wards"
          options={wardOptions}
        />
        {campaignOptions.length ? (
          <FilterSelect
            id="events-campaign"
            label="Campaign"
            name="campaign"
            value={selected.campaign}
            allLabel="All campaigns"
            options={campaignOptions}
          />
        ) : null}
        {organisationOptions.length ? (
          <FilterSelect
            id="events-organisation"
            label="Organisation"
            name="organisation"
            value={selected.organisation}
            allLabel="All organisations"
            options={organisationOptions}
          />
        ) : null}
        <button type="submit">Show events</button>
      </Form>

      <section aria-labelledby="events-upcoming">
        <h2 id="events-upcoming">Coming up{filtered ? `: ${chosen.join(", ")}` : ""}</h2>
        <EventList
          events={upcoming}
          empty={filtered ? "No events coming up for that choice yet." : "No events are coming up yet."}
        />
      </section>
      <section aria-labelledby="events-past">
        <h2 id="events-past">Past events</h2>
        <EventList events={past} empty="No events have taken place yet." />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
