import { randomUUID } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { createSession, getSessionIdHash } from "~/guards/session.server";

/**
 * A signed-in user for tests: the account and the Cookie header a browser
 * would send. An admin's or moderator's session has passed the second factor
 * (as after entering a code), unless `secondFactor: "pending"` asks for one
 * straight from the email link.
 */
export async function signedIn(
  email: string,
  role: "resident" | "moderator" | "admin" = "resident",
  { secondFactor = "passed" }: { secondFactor?: "passed" | "pending" } = {},
) {
  const user = await prisma.user.upsert({
    where: { emailNormalised: email.toLowerCase() },
    create: { id: randomUUID(), email, emailNormalised: email.toLowerCase(), role },
    update: { role },
  });
  const setCookie = await createSession(user.id);
  const cookie = setCookie.split(";")[0]!;
  if (role !== "resident" && secondFactor === "passed")
    await prisma.session.update({
      where: { idHash: (await getSessionIdHash(new Request("http://localhost/", { headers: { Cookie: cookie } })))! },
      data: { secondFactorAt: new Date() },
    });
  return { user, cookie };
}

export async function createOrganisation(slug: string, status: "pending" | "verified" = "verified") {
  return prisma.organisation.create({
    data: {
      id: randomUUID(),
      slug,
      name: `Org ${slug}`,
      sectorKey: "charity",
      postcode: "M5 4WT",
      address: "1 Test Street, Salford",
      wardCode: "E05013028",
      lat: 53.47,
      lon: -2.28,
      contactEmail: `${slug}@example.org`,
      description: "A test organisation doing good things in Salford.",
      status,
    },
  });
}

/** An active commitment of that organisation: 12 community meetings by June 2027, unless told otherwise. */
export async function createCommitment(organisationId: string, overrides: { id?: string } = {}) {
  return prisma.commitment.create({
    data: {
      id: overrides.id ?? randomUUID(),
      organisationId,
      quality: "values",
      title: "Host community meetings",
      measure: "meetings held",
      targetKind: "number",
      targetValue: 12,
      unit: "meetings",
      targetDate: new Date("2027-06-01"),
    },
  });
}

export function request(path: string, cookie?: string, form?: Record<string, string>) {
  return new Request(`http://localhost:3000${path}`, {
    method: form ? "POST" : "GET",
    headers: {
      ...(cookie ? { Cookie: cookie } : {}),
      ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
}
