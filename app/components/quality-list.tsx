import { QUALITIES } from "~/reference/qualities";

/** The four qualities as a definition list: the one-line summary, or the report's full words. */
export function QualityList({ detail }: { detail: "summary" | "description" }) {
  return (
    <dl>
      {QUALITIES.map((q) => (
        <div key={q.key}>
          <dt>
            <strong>{q.name}</strong>
          </dt>
          <dd>{q[detail]}</dd>
        </div>
      ))}
    </dl>
  );
}
