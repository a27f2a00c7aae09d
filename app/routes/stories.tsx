import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { QualityList } from "~/components/quality-list";
import { REPORT_FINDINGS, REPORT_STORIES } from "~/reference/stories";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Stories from the CLES report | Salford Social Value City" },
  metaDescription("Five Salford organisations from the CLES report, and the four qualities they share."),
];

export default function StoriesPage() {
  return (
    <>
      <h1>Five Salford organisations: stories from the CLES report</h1>
      <p className="notice">
        From the report <em>Salford Social Value</em> by CLES for the Salford Social Value Alliance. These organisations
        are not accounts on this site and have made no pledges here.
      </p>
      <p className="lead">{REPORT_FINDINGS.commissioned}</p>
      <ul className="pledge-list">
        {REPORT_STORIES.map((story) => (
          <li key={story.slug} className="card" id={story.slug}>
            <h2>{story.name}</h2>
            <p className="meta">{story.sector}</p>
            <p>
              One of the five organisations CLES studied, chosen as an example of a {story.sector.toLowerCase()}. The
              research found in it, as in all five, the four qualities below.
            </p>
          </li>
        ))}
      </ul>
      <h2>The four qualities the five share</h2>
      <p>Whatever their sector, and whether they call it social value or not, the report found:</p>
      <QualityList detail="description" />
      <h2>What it means for Salford</h2>
      <p>{REPORT_FINDINGS.culture}</p>
      <p>{REPORT_FINDINGS.movement}</p>
      <p>
        <Link to="/pledge" className="button">
          Make your pledge
        </Link>{" "}
        <Link to="/organisations/new">Register your organisation</Link>
      </p>
    </>
  );
}
