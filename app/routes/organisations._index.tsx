import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listVerifiedOrganisations } from "~/models/organisation.server";
import { listWards } from "~/models/ward.server";
import { FilterSelect } from "~/components/filter-select";
import { QUALITY_OPTIONS, SECTOR_OPTIONS } from "~/reference/options";
import { QUALITY_KEYS } from "~/reference/qualities";
import { SECTOR_KEYS } from "~/reference/sectors";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Organisations | Salford Social Value City" },
  metaDescription("Salford organisations that have made Social Value City commitments, by sector."),
];
// Unknown filters are ignored, not a 500.
const DirectoryQuery = z.object({
  sector: z.enum(SECTOR_KEYS).optional().catch(undefined),
  quality: z.enum(QUALITY_KEYS).optional().catch(undefined),
  ward: z.string().max(80).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const query = DirectoryQuery.parse({
    sector: params.get("sector") || undefined,
    quality: params.get("quality") || undefined,
    ward: params.get("ward") || undefined,
    q: params.get("q") || undefined,
  });
  const wards = await listWards();
  const ward = wards.find((w) => w.slug === query.ward);
  const organisations = await listVerifiedOrganisations({
    sector: query.sector,
    quality: query.quality,
    wardCode: ward?.code,
    search: query.q,
  });
  return {
    query: { sector: query.sector ?? "", quality: query.quality ?? "", ward: ward?.slug ?? "", q: query.q ?? "" },
    wards: wards.map((w) => ({ value: w.slug, label: w.name })),
    organisations: organisations.map((o) => ({
      slug: o.slug,
      name: o.name,
      sector: o.sector.name,
      ward: o.ward.name,
      description: o.description,
      commitments: o._count.commitments,
      isExample: o.isExample,
    })),
  };
}

export default function DirectoryPage() {
  const { query, wards, organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Organisations making Salford a Social Value City</h1>
      <p className="lead">
        Verified organisations and their commitments. <Link to="/organisations/new">Register yours</Link>, or read the{" "}
        <Link to="/stories">stories from the CLES report</Link>.
      </p>
      <Form method="get" className="filters card" aria-label="Find organisations">
        <div className="form-group">
          <label htmlFor="org-q">Name</label>
          <input type="text" id="org-q" name="q" defaultValue={query.q} />
        </div>
        <FilterSelect
          id="org-sector"
          label="Sector"
          name="sector"
          value={query.sector}
          allLabel="All sectors"
          options={SECTOR_OPTIONS}
        />
        <FilterSelect id="org-ward" label="Ward" name="ward" value={query.ward} allLabel="All wards" options={wards} />
        <FilterSelect
          id="org-quality"
          label="Quality"
          name="quality"
          value={query.quality}
          allLabel="All qualities"
          options={QUALITY_OPTIONS}
        />
        <button type="submit">Find</button>
      </Form>
      <p role="status">
        {organisations.length === 0
          ? "No verified organisations match yet."
          : `${organisations.length} verified ${organisations.length === 1 ? "organisation" : "organisations"}.`}
      </p>
      <ul className="pledge-list">
        {organisations.map((o) => (
          <li key={o.slug} className="card">
            <h2>
              <Link to={`/organisations/${o.slug}`}>{o.name}</Link>
            </h2>
            <p className="meta">
              {o.isExample ? <span className="tag example">Example</span> : null}
              {o.sector}, {o.ward}. {o.commitments} {o.commitments === 1 ? "commitment" : "commitments"}.
            </p>
            <p>{o.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
