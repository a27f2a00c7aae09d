import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listConfirmedPledges } from "~/models/pledge-read.server";
import { FEWER_THAN, SMALL_NUMBER_THRESHOLD, publishWardFigure } from "~/models/ward-figures";
import { listWards } from "~/models/ward.server";
import { FilterSelect } from "~/components/filter-select";
import { PledgeList } from "~/components/pledge-card";
import { QUALITY_OPTIONS } from "~/reference/options";
import { QUALITY_KEYS } from "~/reference/qualities";
import { metaDescription } from "~/utils/meta";
import { formatNumber } from "~/utils/numbers";

export const meta: MetaFunction = () => [
  { title: "Pledges | Salford Social Value City" },
  metaDescription("Pledges Salford residents and organisations have made, by quality and by ward."),
];

// Unknown or malformed filters are ignored rather than failing the page.
const WallQuery = z.object({
  quality: z.enum(QUALITY_KEYS).optional().catch(undefined),
  ward: z.string().max(80).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = WallQuery.parse({
    quality: url.searchParams.get("quality") || undefined,
    ward: url.searchParams.get("ward") || undefined,
    page: url.searchParams.get("page") ?? 1,
  });
  const wards = await listWards();
  const ward = wards.find((w) => w.slug === query.ward);
  const result = await listConfirmedPledges({ quality: query.quality, wardCode: ward?.code, page: query.page });
  // Within one ward, the list is a count: it is published as the ward's figure is, or not at all.
  const fewerThan5 = ward ? publishWardFigure(ward, result.total).fewerThan5 : false;
  return {
    ...(fewerThan5 ? { pledges: [], total: 0, pages: 1 } : result),
    fewerThan5,
    page: query.page,
    quality: query.quality ?? "",
    ward: ward?.slug ?? "",
    wards: wards.map((w) => ({ value: w.slug, label: w.name })),
  };
}

export default function PledgeWall() {
  const { pledges, total, pages, page, quality, ward, wards, fewerThan5 } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    if (quality) params.set("quality", quality);
    if (ward) params.set("ward", ward);
    params.set("page", String(n));
    return `?${params}`;
  };
  return (
    <>
      <h1>Salford’s pledges</h1>
      <p className="lead">The newest confirmed pledges, with names shown as each pledger chose.</p>
      <Form method="get" className="filters card" aria-label="Filter pledges">
        <FilterSelect
          id="filter-quality"
          label="Quality"
          name="quality"
          value={quality}
          allLabel="All qualities"
          options={QUALITY_OPTIONS}
        />
        <FilterSelect id="filter-ward" label="Ward" name="ward" value={ward} allLabel="All wards" options={wards} />
        <button type="submit">Show pledges</button>
      </Form>
      <p role="status">
        {fewerThan5
          ? `${FEWER_THAN} pledges match in this ward so far. To protect the people who made them, they are listed here once there are ${SMALL_NUMBER_THRESHOLD} or more.`
          : total === 0
            ? "No pledges match yet."
            : `${formatNumber(total)} ${total === 1 ? "pledge" : "pledges"}, newest first.`}
      </p>
      {fewerThan5 ? null : total === 0 ? (
        <p>
          <Link to="/pledge">Be the first: make a pledge</Link>
        </p>
      ) : (
        <PledgeList pledges={pledges} />
      )}
      {pages > 1 ? (
        <nav aria-label="Pages of pledges">
          <ul className="pagination">
            <li>{page > 1 ? <Link to={pageLink(page - 1)}>Newer pledges</Link> : null}</li>
            <li>
              Page {page} of {pages}
            </li>
            <li>{page < pages ? <Link to={pageLink(page + 1)}>Older pledges</Link> : null}</li>
          </ul>
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
