import { afterAll, beforeAll, expect, test } from "vitest";
import { createOrganisation } from "../../tests/accounts";
import { loaderArgs } from "../../tests/helpers";
import { removeExampleData, seedExampleOrganisations } from "~/models/example-data.server";
import { listOrganisationPins } from "~/models/organisation.server";
import * as directory from "./organisations._index";
import * as profile from "./organisations.$slug._index";

// The pages' data: how each shows an organisation is the page's (tests/e2e/examples.spec.ts looks at the pages).
let examples: string[] = [];

beforeAll(async () => {
  await createOrganisation("real-org");
  await seedExampleOrganisations();
  const listed = await directory.loader(loaderArgs("/organisations"));
  examples = listed.organisations.filter((o) => o.isExample).map((o) => o.slug);
});

afterAll(async () => {
  await removeExampleData();
});

test("the directory lists the example organisations as examples, and a real one as real", async () => {
  const { organisations } = await directory.loader(loaderArgs("/organisations"));
  expect(examples.length).toBeGreaterThanOrEqual(5);
  expect(organisations.find((o) => o.slug === "real-org")).toMatchObject({ isExample: false });
});

test("an example organisation's public profile says it is an example", async () => {
  for (const slug of examples) {
    const page = await profile.loader({ ...loaderArgs(`/organisations/${slug}`, { slug }) });
    expect(page.organisation).toMatchObject({ slug, isExample: true, status: "verified" });
    expect(page.commitments.length).toBeGreaterThan(0);
  }
  const real = await profile.loader({ ...loaderArgs("/organisations/real-org", { slug: "real-org" }) });
  expect(real.organisation.isExample).toBe(false);
});

// The map route itself loads Leaflet, which needs a browser: its pins are listOrganisationPins's.
test("the map's pins name the example organisations as examples", async () => {
  const pins = await listOrganisationPins({});
  const labels = pins.map((p) => p.label);
  expect(labels.filter((l) => l.startsWith("Example: "))).toHaveLength(examples.length);
  expect(labels).toContain("Org real-org (Charity)");
});
