import type { ModerationState } from "~/models/moderation";
import { describeProgress, progressFraction, shownStory } from "~/models/organisation";
import { QualityTags } from "./pledge-card";
import { ReportLink } from "./report-link";
import { formatDate } from "~/utils/dates";
import { formatNumber } from "~/utils/numbers";

export type CommitmentView = {
  id: string;
  quality: string;
  title: string;
  measure: string;
  targetKind: string;
  targetValue: number | null;
  unit: string | null;
  targetDate: string;
  /** story: null when this page may not show it (held or hidden, to the public) */
  reports: { id: string; value: number; story: string | null; moderation: ModerationState; reportedOn: string }[];
};

const day = (iso: string) => formatDate(iso, { calendarDate: true });

const WAITING: Partial<Record<ModerationState, string>> = {
  held: "This story waits for a quick check by the Alliance’s moderators: only your organisation sees it until then.",
  hidden: "The Alliance’s moderators hid this story: the public does not see it.",
};

/**
 * A commitment with its target and how far it has got, from its newest
 * progress report (its value counts whether or not its story shows).
 * `reportable`: the public profile, where a shown story has a Report link.
 */
export function CommitmentProgress({ commitment, reportable }: { commitment: CommitmentView; reportable?: boolean }) {
  const latest = commitment.reports[0] ?? null;
  const fraction = progressFraction(commitment, latest?.value ?? null);
  const target =
    commitment.targetKind === "yesno"
      ? `done by ${day(commitment.targetDate)}`
      : `${formatNumber(commitment.targetValue!)} ${commitment.unit ?? ""} by ${day(commitment.targetDate)}`;
  const reached = describeProgress(commitment, latest?.value ?? null);
  return (
    <article className="card" data-commitment={commitment.id}>
      <h3>{commitment.title}</h3>
      <p>
        <QualityTags qualities={[commitment.quality]} />
      </p>
      <p className="meta">
        Measure: {commitment.measure}. Target: {target}.
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Progress on “${commitment.title}”`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={reached}
      >
        <span style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <p>
        <strong>{reached}</strong>
        {latest ? ` (${day(latest.reportedOn)})${latest.story === null ? "." : `: ${latest.story}`}` : null}
        {latest?.story != null && reportable && latest.moderation === "visible" ? (
          <>
            {" "}
            <ReportLink kind="progress_report" id={latest.id} label={`the progress story on “${commitment.title}”`} />
          </>
        ) : null}
      </p>
      {latest?.story != null && WAITING[latest.moderation] ? (
        <p className="meta" data-testid="story-moderation">
          {WAITING[latest.moderation]}
        </p>
      ) : null}
    </article>
  );
}

type CommitmentRow = Omit<CommitmentView, "targetDate" | "reports"> & {
  targetDate: Date;
  reports: { id: string; value: number; story: string; moderation: string; reportedOn: Date }[];
};

/** `members`: the organisation's own people (and admins), who also see stories that wait for a check or were hidden. */
export function toCommitmentView(c: CommitmentRow, { members }: { members: boolean }): CommitmentView {
  return {
    id: c.id,
    quality: c.quality,
    title: c.title,
    measure: c.measure,
    targetKind: c.targetKind,
    targetValue: c.targetValue,
    unit: c.unit,
    targetDate: c.targetDate.toISOString(),
    reports: c.reports.map((r) => ({
      id: r.id,
      value: r.value,
      story: shownStory(r, members),
      moderation: r.moderation as ModerationState,
      reportedOn: r.reportedOn.toISOString(),
    })),
  };
}
