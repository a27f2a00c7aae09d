import { Link } from "@remix-run/react";
import { KIND_NAMES, type ModerationKind } from "~/models/moderation";

/** Where anyone (no account) reports something published: a page with the form, so it works without JavaScript. */
export const reportPath = (kind: ModerationKind, id: string) => `/report/${kind}/${id}`;

/**
 * The "Report" control beside every public pledge, note, story, organisation
 * and event: a small link to /report/:kind/:id, named for what it reports so
 * several on one page are told apart by screen readers.
 */
export function ReportLink({ kind, id, label }: { kind: ModerationKind; id: string; label?: string }) {
  return (
    <Link className="report-link" to={reportPath(kind, id)} rel="nofollow">
      Report{label ? <span className="visually-hidden"> {label}</span> : ` this ${KIND_NAMES[kind]}`}
    </Link>
  );
}
