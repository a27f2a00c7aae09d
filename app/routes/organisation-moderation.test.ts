/**
 * The filter on what organisations publish: a name or description it catches
 * keeps the organisation off the directory, the map, campaign partner lists and
 * its public profile (its members still see it, told why) while it still
 * counts; a progress story it catches leaves the profile while its value still
 * moves the commitment's progress. A clean one shows at once.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, expect, test } from "vitest";
import { signedIn } from "../../tests/accounts";
import { createCampaign } from "../../tests/campaigns";
import { settle, TEST_ADMIN } from "../../tests/helpers";
import { CommitmentProgress, type CommitmentView } from "~/components/commitment-progress";
import { findPublicCampaign } from "~/models/campaign.server";
import { forgetListedWords } from "~/models/moderation.server";
import {
  createCommitment,
  listOrganisationPins,
  listOrganisationsForReview,
  listVerifiedOrganisations,
  registerOrganisation,
  reviewOrganisation,
} from "~/models/organisation.server";
import { getTally } from "~/models/tally.server";
import { prisma } from "~/utils/db.server";
import { loader as badgeLoader } from "./organisations.$slug.badge[.svg]";
import { loader as profileLoader } from "./organisations.$slug._index";
import { loader as manageLoader } from "./organisations.$slug.manage";
import { action as progressAction } from "./organisations.$slug.commitments.$id.progress";

const registration = {
  name: "Broughton Community Kitchen",
  sector: "charity",
  address: "10 Great Clowes Street, Salford",
  postcode: "m7 1zq",
  contactEmail: "kitchen@example.org",
  description: "A community kitchen cooking with and for Broughton residents.",
};

function args(path: string, params: Record<string, string>, cookie?: string, form?: Record<string, string>) {
  return {
    request: new Request(`http://localhost:3000${path}`, {
      method: form ? "POST" : "GET",
      headers: {
        ...(cookie ? { Cookie: cookie } : {}),
        ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    }),
    params,
    context: { clientIp: "203.0.113.1" },
  } satisfies LoaderFunctionArgs;
}

const meetings = {
  quality: "values" as const,
  title: "Host a community meeting every month",
  measure: "meetings held",
  targetKind: "number" as const,
  targetValue: 12,
  unit: "meetings",
  targetDate: new Date("2027-06-30"),
};

/** A commitment's card as the profile renders it. */
const rendered = (commitment: CommitmentView, reportable: boolean) =>
  renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(CommitmentProgress, { commitment, reportable })),
  );

const profile = (slug: string, cookie?: string) =>
  settle(() => profileLoader(args(`/organisations/${slug}`, { slug }, cookie)));

beforeEach(async () => {
  await prisma.moderationItem.deleteMany();
  await prisma.moderationWord.deleteMany();
  await prisma.campaign.deleteMany();
  await prisma.organisation.deleteMany();
  await prisma.tallyDelta.deleteMany();
  await prisma.tallyCounter.deleteMany();
  await prisma.moderationWord.create({ data: { word: "casino" } });
  forgetListedWords();
});

afterEach(() => forgetListedWords());

test("an organisation with a listed word in its description is held: off the directory, the map, partner lists and its public profile, yet counted", async () => {
  const { user, cookie } = await signedIn("owner@example.org");
  const held = (await registerOrganisation(user.id, {
    ...registration,
    description: "A community kitchen, funded by the CASINO on the corner.",
  }))!;
  expect(held.moderation).toBe("held");
  expect(
    await prisma.moderationItem.findUnique({ where: { kind_itemId: { kind: "organisation", itemId: held.id } } }),
  ).toMatchObject({ state: "open", flags: ["word:casino"] });

  // The verifying admin sees why it is held, and verifying does not publish it.
  expect((await listOrganisationsForReview()).find((o) => o.id === held.id)).toMatchObject({
    moderation: "held",
    moderationFlags: ["word:casino"],
  });
  await reviewOrganisation(TEST_ADMIN, held.id, "verify");
  await createCommitment(held.id, meetings);
  // Moderation never changes counting: it counts as any verified organisation with a commitment does.
  expect(await getTally()).toMatchObject({ organisations: 1, byQuality: { values: 1 } });

  const campaign = await createCampaign({
    slug: "kitchen-campaign",
    partners: { create: { organisationId: held.id } },
  });
  expect(await listVerifiedOrganisations({})).toEqual([]);
  expect(await listOrganisationPins({})).toEqual([]);
  expect((await findPublicCampaign(campaign.slug))!.partners).toEqual([]);
  const publicAnswer = await profile(held.slug);
  expect(publicAnswer instanceof Response && publicAnswer.status).toBe(404);
  const badge = await settle(() => badgeLoader(args(`/organisations/${held.slug}/badge.svg`, { slug: held.slug })));
  expect(badge instanceof Response && badge.status).toBe(404);

  // Its own people still reach it, and are told it waits for a check.
  const own = await profile(held.slug, cookie);
  if (own instanceof Response) throw new Error(`owner got ${own.status}`);
  expect(own.organisation).toMatchObject({ moderation: "held", shown: false });
  expect(own.events).toEqual([]);
  const manage = await manageLoader(args(`/organisations/${held.slug}/manage`, { slug: held.slug }, cookie));
  expect(manage.organisation.moderation).toBe("held");

  // A moderator's approval (the queue's work) publishes it everywhere.
  await prisma.organisation.update({ where: { id: held.id }, data: { moderation: "visible" } });
  expect((await listVerifiedOrganisations({})).map((o) => o.id)).toEqual([held.id]);
  expect((await listOrganisationPins({})).map((p) => p.id)).toEqual([held.id]);
  expect((await findPublicCampaign(campaign.slug))!.partners.map((p) => p.slug)).toEqual([held.slug]);
  expect(await profile(held.slug)).toMatchObject({ organisation: { shown: true } });
});

test("a clean organisation shows at once once verified; a listed word in its name holds it too", async () => {
  const { user } = await signedIn("clean@example.org");
  const clean = (await registerOrganisation(user.id, registration))!;
  expect(clean.moderation).toBe("visible");
  await reviewOrganisation(TEST_ADMIN, clean.id, "verify");
  expect((await listVerifiedOrganisations({})).map((o) => o.id)).toEqual([clean.id]);
  expect(await profile(clean.slug)).toMatchObject({ organisation: { shown: true, moderation: "visible" } });
  expect(await prisma.moderationItem.count()).toBe(0);

  const named = (await registerOrganisation(user.id, { ...registration, name: "Casino Kitchen" }))!;
  expect(named.moderation).toBe("held");
  await reviewOrganisation(TEST_ADMIN, named.id, "verify");
  expect((await listVerifiedOrganisations({})).map((o) => o.id)).toEqual([clean.id]);
});

test("a progress story with a link is held: off the public profile while its value still counts; the reporter is told", async () => {
  const { user, cookie } = await signedIn("reporter@example.org");
  const organisation = (await registerOrganisation(user.id, registration))!;
  await reviewOrganisation(TEST_ADMIN, organisation.id, "verify");
  const commitment = await createCommitment(organisation.id, meetings);
  const report = (fields: Record<string, string>) =>
    settle(() =>
      progressAction(
        args(
          `/organisations/${organisation.slug}/commitments/${commitment.id}/progress`,
          { slug: organisation.slug, id: commitment.id },
          cookie,
          { reportedOn: "2026-11-01", ...fields },
        ),
      ),
    );

  const first = await report({ value: "3", story: "Three meetings so far, forty people came." });
  expect(first instanceof Response && first.headers.get("Location")).toBe(
    `/organisations/${organisation.slug}/manage?progress=1`,
  );
  const shown = await profile(organisation.slug);
  if (shown instanceof Response) throw new Error(`public got ${shown.status}`);
  expect(shown.commitments[0]!.reports[0]).toMatchObject({
    value: 3,
    story: "Three meetings so far, forty people came.",
  });
  expect(rendered(shown.commitments[0]!, true)).toContain(
    `/report/progress_report/${shown.commitments[0]!.reports[0]!.id}`,
  );

  const linked = await report({ value: "5", story: "Five now: photos at www.kitchen-photos.example.com" });
  expect(linked instanceof Response && linked.headers.get("Location")).toBe(
    `/organisations/${organisation.slug}/manage?progress=held`,
  );
  const stored = await prisma.progressReport.findFirstOrThrow({ where: { value: 5 } });
  expect(stored.moderation).toBe("held");
  expect(
    await prisma.moderationItem.findUnique({ where: { kind_itemId: { kind: "progress_report", itemId: stored.id } } }),
  ).toMatchObject({ flags: ["link"] });

  // The public sees the new figure (it counts) but not its words, nor any held story's.
  const publicView = await profile(organisation.slug);
  if (publicView instanceof Response) throw new Error(`public got ${publicView.status}`);
  const reports = publicView.commitments[0]!.reports;
  expect(reports[0]).toMatchObject({ id: stored.id, value: 5, story: null, moderation: "held" });
  expect(JSON.stringify(publicView)).not.toContain("kitchen-photos");
  const card = rendered(publicView.commitments[0]!, true);
  expect(card).toContain("5 of 12 meetings (42%)");
  expect(card).not.toContain("/report/");
  // Its members still read it, with the note that it waits.
  const own = await profile(organisation.slug, cookie);
  if (own instanceof Response) throw new Error(`owner got ${own.status}`);
  expect(own.commitments[0]!.reports[0]).toMatchObject({ story: expect.stringContaining("kitchen-photos") });
  expect(rendered(own.commitments[0]!, false)).toContain("waits for a quick check");
});
