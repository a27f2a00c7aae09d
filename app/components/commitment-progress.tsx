import { describeProgress, progressFraction } from "~/models/organisation";
import { QualityTags } from "./pledge-card";
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
  reports: { id: string; value: number; story: string; reportedOn: string }[];
};

const day = (iso: string) => formatDate(iso, { calendarDate: true });

/** A commitment with its target and how far it has got, from its newest progress report. */
export function CommitmentProgress({ commitment }: { commitment: CommitmentView }) {
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
        {latest ? ` (${day(latest.reportedOn)}): ${latest.story}` : null}
      </p>
    </article>
  );
}

type CommitmentRow = Omit<CommitmentView, "targetDate" | "reports"> & {
  targetDate: Date;
  reports: { id: string; value: number; story: string; reportedOn: Date }[];
};

export function toCommitmentView(c: CommitmentRow): CommitmentView {
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
      story: r.story,
      reportedOn: r.reportedOn.toISOString(),
    })),
  };
}
