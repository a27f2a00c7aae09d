import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EXPORT_NAMES, EXPORTS, exportRoles, type ExportFilterKey } from "~/models/admin-exports.server";
import { listCampaignsForAdmin } from "~/models/campaign-admin.server";
import { formatEventTime } from "~/models/event";
import { listEventsForAdmin } from "~/models/event-admin.server";
import { listWards } from "~/models/ward.server";
import { QUALITIES } from "~/reference/qualities";
import { requireRole } from "~/guards/session.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Exports | Alliance admin" },
  metaDescription("The Alliance's figures and lists as CSV files, for admins and moderators."),
];

/**
 * The desk's CSV files: one form each, sent as a plain GET to the file's
 * address, so the browser downloads it with or without JavaScript. Moderators
 * see the aggregates only; the lists of people are the admins'.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  const role = user.role as "admin" | "moderator";
  const exports = EXPORT_NAMES.filter((name) => exportRoles(name).includes(role)).map((name) => ({
    name,
    ...EXPORTS[name],
  }));
  const [wards, campaigns, events] = await Promise.all([
    listWards(),
    listCampaignsForAdmin(),
    role === "admin" ? listEventsForAdmin() : [],
  ]);
  return {
    role,
    exports,
    wards: wards.map((w) => ({ value: w.slug, label: w.name })),
    campaigns: campaigns.map((c) => ({ value: c.slug, label: c.status === "draft" ? `${c.name} (draft)` : c.name })),
    events: events.map((e) => ({ value: e.id, label: `${e.title}, ${formatEventTime(e.startsAt, e.endsAt)}` })),
  };
}

type Choice = { value: string; label: string };

function FilterField({
  name,
  field,
  choices,
}: {
  name: string;
  field: ExportFilterKey;
  choices: Record<"ward" | "campaign" | "event" | "quality", Choice[]>;
}) {
  const id = `${name}-${field}`;
  if (field === "from" || field === "to")
    return (
      <div className="form-group">
        <label htmlFor={id}>{field === "from" ? "From (optional)" : "To (optional)"}</label>
        <input id={id} name={field} type="date" />
      </div>
    );
  const label = { ward: "Ward", campaign: "Campaign", event: "Event", quality: "Quality" }[field];
  return (
    <div className="form-group">
      <label htmlFor={id}>{label} (optional)</label>
      <select id={id} name={field} defaultValue="">
        <option value="">{field === "event" ? "Every event" : `Every ${field}`}</option>
        {choices[field].map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function AdminExportsPage() {
  const { role, exports, wards, campaigns, events } = useLoaderData<typeof loader>();
  const choices = {
    ward: wards,
    campaign: campaigns,
    event: events,
    quality: QUALITIES.map((q) => ({ value: q.key, label: q.name })),
  };
  const sections = [
    { heading: "Figures", personal: false },
    ...(role === "admin" ? [{ heading: "Lists of people", personal: true }] : []),
  ];
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Exports</h1>
      <p>
        Each file is a CSV that a spreadsheet opens. Every download is recorded in the audit log: who, when, which file
        and which filter.
        {role === "admin"
          ? " The lists of people hold names and email addresses: keep them safe and delete them once used."
          : " The lists of people are for admins."}
      </p>
      {sections.map((section) => (
        <section key={section.heading} aria-labelledby={`exports-${section.personal ? "people" : "figures"}`}>
          <h2 id={`exports-${section.personal ? "people" : "figures"}`}>{section.heading}</h2>
          {exports
            .filter((e) => e.personal === section.personal)
            .map((e) => (
              <form
                key={e.name}
                method="get"
                action={`/admin/exports/${e.name}.csv`}
                className="export-form"
                aria-labelledby={`${e.name}-title`}
              >
                <h3 id={`${e.name}-title`}>{e.title}</h3>
                <p>{e.description}</p>
                {e.filters.map((field) => (
                  <FilterField key={field} name={e.name} field={field} choices={choices} />
                ))}
                <button type="submit">Download {e.title.toLowerCase()} (CSV)</button>
              </form>
            ))}
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
