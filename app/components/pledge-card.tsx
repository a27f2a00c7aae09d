import { Link } from "@remix-run/react";
import type { PublicPledge } from "~/models/pledge-read.server";
import { QUALITY_BY_KEY, type QualityKey } from "~/reference/qualities";
import { formatDate } from "~/utils/dates";

/** What a pledger is told when the moderation filter held their pledge's words: it counts all the same. */
export const QUICK_CHECK =
  "Your words will appear on the public pages after a quick check by the Alliance’s moderators. Your pledge counts all the same.";

export function QualityTags({ qualities }: { qualities: string[] }) {
  return (
    <>
      {qualities.map((q) => (
        <span className="tag" key={q}>
          {QUALITY_BY_KEY.get(q as QualityKey)?.name ?? q}
        </span>
      ))}
    </>
  );
}

/** Public pledges, newest first, each linking to its page. */
export function PledgeList({ pledges }: { pledges: PublicPledge[] }) {
  return (
    <ol className="pledge-list">
      {pledges.map((pledge) => (
        <li key={pledge.id}>
          <PledgeCard pledge={pledge} link />
        </li>
      ))}
    </ol>
  );
}

/**
 * One public pledge: only what its pledger agreed to show. One whose words
 * are withheld (held for a check, or hidden) is "A Salford resident's pledge",
 * not a quotation.
 */
export function PledgeCard({ pledge, link = false }: { pledge: PublicPledge; link?: boolean }) {
  const date = pledge.confirmedAt ? formatDate(pledge.confirmedAt) : null;
  return (
    <article className="card">
      {pledge.withheld ? (
        <p className="pledge-quote">{pledge.commitment}</p>
      ) : (
        <blockquote className="pledge-quote">“{pledge.commitment}”</blockquote>
      )}
      <p className="meta">
        {pledge.displayName}, {pledge.wardName}
        {date ? `, ${date}` : ""}
      </p>
      <p>
        {pledge.isExample ? <span className="tag example">Example</span> : null}
        {pledge.waiting ? <span className="tag waiting">Waiting on others</span> : null}
        <QualityTags qualities={pledge.qualities} />
      </p>
      {link ? (
        <Link to={`/pledges/${pledge.id}`}>
          View pledge<span className="visually-hidden">: {pledge.commitment}</span>
        </Link>
      ) : null}
    </article>
  );
}
