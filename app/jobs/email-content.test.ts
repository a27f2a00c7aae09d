/**
 * What the organisation emails say, as their recipients read them: queued by
 * the real model code, rendered and delivered by the worker's delivery job into
 * the local outbox (no RESEND_API_KEY in tests), read back from there.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, expect, test } from "vitest";
import { createOrganisation, signedIn } from "../../tests/accounts";
import { queueOrganisationDigests } from "~/models/digest.server";
import { listOutboxMessages } from "~/models/outbox.server";
import { inviteEditor, INVITATION_DAYS, registerOrganisation, reviewOrganisation } from "~/models/organisation.server";
import { prisma } from "~/utils/db.server";
import { drainEmailQueue } from "./email-delivery.server";
import { TEST_ADMIN } from "../../tests/helpers";

beforeEach(async () => {
  await prisma.emailBatch.deleteMany();
  await prisma.emailMessage.deleteMany();
});

/** Delivers what is queued and returns the one email the local outbox holds for this address. */
async function deliveredTo(to: string) {
  await drainEmailQueue();
  const messages = (await listOutboxMessages()).filter((m) => m.to === to);
  expect(messages).toHaveLength(1);
  const [message] = messages;
  // Plain text for every email, not only HTML.
  expect(message!.text.trim().length).toBeGreaterThan(50);
  expect(message!.text).not.toMatch(/<[a-z]/i);
  return message!;
}

/** Plain text shows headings in capitals. */
const heading = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "im");
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));

test("the editor invitation names the organisation, says how long the link works, and links to accept it", async () => {
  const organisation = await createOrganisation(`invite-${randomUUID().slice(0, 8)}`);
  await inviteEditor(organisation, "new.editor@example.org");
  const email = await deliveredTo("new.editor@example.org");

  expect(email.subject).toBe(`You are invited to edit ${organisation.name} on Salford Social Value City`);
  expect(email.text).toMatch(heading(`Join ${organisation.name}`));
  expect(email.text).toContain(`keep ${organisation.name}’s commitments and progress up to date`);
  expect(email.text).toContain(`The link works for ${INVITATION_DAYS} days`);
  const accept = hrefs(email.html).find((href) => href.includes("/invitations/"));
  expect(accept).toMatch(/^http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]{20,}$/);
  // The same link in the text, for mail clients that show no buttons.
  expect(email.text).toContain(accept);
  // An invitation is transactional: no unsubscribe, but the preferences link.
  expect(email.headers).toEqual({});
  expect(hrefs(email.html).some((href) => href.startsWith("http://localhost:3000/preferences/"))).toBe(true);
});

test("the rejection names the organisation and gives the Alliance's reason", async () => {
  const { user } = await signedIn("rejected.owner@example.org");
  const organisation = (await registerOrganisation(user.id, {
    name: "Pendleton Pop-up Pantry",
    sector: "charity",
    address: "1 Broad Street, Salford",
    postcode: "M6 5BN",
    contactEmail: "pantry@example.org",
    description: "A weekly pantry for Pendleton residents.",
  }))!;
  await prisma.emailMessage.deleteMany(); // the contact-confirmation email
  await reviewOrganisation(
    TEST_ADMIN,
    organisation.id,
    "reject",
    "We could not find the organisation at the address given.",
  );
  const email = await deliveredTo("pantry@example.org");

  expect(email.subject).toBe("About your Salford Social Value City registration");
  expect(email.text).toMatch(heading("We could not verify Pendleton Pop-up Pantry"));
  expect(email.text).toContain("We could not find the organisation at the address given.");
  expect(email.text).toContain("because you registered Pendleton Pop-up Pantry");
  expect(email.headers).toEqual({});
});

test("the monthly digest gives each commitment's figures and a one-tap progress link, the profile link, and an unsubscribe", async () => {
  const organisation = await createOrganisation(`digest-${randomUUID().slice(0, 8)}`);
  const { user } = await signedIn(`member-${organisation.slug}@example.org`);
  await prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, role: "editor" } });
  const meetings = randomUUID();
  const wage = randomUUID();
  await prisma.commitment.create({
    data: {
      id: meetings,
      organisationId: organisation.id,
      quality: "partnerships",
      title: "Host 1,200 meetings",
      measure: "meetings",
      targetKind: "number",
      targetValue: 1200,
      unit: "meetings",
      targetDate: new Date("2027-12-31"),
      createdAt: new Date("2026-01-01"),
    },
  });
  await prisma.commitment.create({
    data: {
      id: wage,
      organisationId: organisation.id,
      quality: "operations",
      title: "Pay the real living wage",
      measure: "policy",
      targetKind: "yesno",
      targetDate: new Date("2027-12-31"),
      createdAt: new Date("2026-02-01"),
    },
  });
  await prisma.progressReport.create({
    data: {
      id: randomUUID(),
      commitmentId: meetings,
      value: 1050,
      story: "Going well",
      reportedOn: new Date("2026-11-01"),
    },
  });
  await queueOrganisationDigests(new Date("2026-12-01T09:00:00Z"));
  const email = await deliveredTo(user.email);

  expect(email.subject).toBe(`${organisation.name}: your commitments in December 2026`);
  expect(email.text).toMatch(heading(`${organisation.name}: December 2026`));
  expect(email.text).toContain("Host 1,200 meetings");
  expect(email.text).toContain("1,050 of 1,200 meetings (88%).");
  expect(email.text).toContain("Pay the real living wage");
  expect(email.text).toContain("No progress reported yet.");
  const links = hrefs(email.html);
  const base = `http://localhost:3000/organisations/${organisation.slug}`;
  expect(links).toContain(`${base}/commitments/${meetings}/progress?value=1050`);
  expect(links).toContain(`${base}/commitments/${wage}/progress`);
  expect(links).toContain(base);
  expect(email.text).toContain(base);
  // A digest is bulk email: one-click unsubscribe from digests (RFC 8058).
  expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  expect(email.headers["List-Unsubscribe"]).toMatch(/<http:\/\/localhost:3000\/unsubscribe\/[^>]+>/);
});
