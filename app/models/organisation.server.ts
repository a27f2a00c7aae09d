import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { queueEmail } from "./email-queue.server";
import { appUrl } from "~/utils/env.server";
import { slugify } from "~/utils/slug";
import { createToken, hashToken } from "~/utils/token.server";
import type { CommitmentSchema, OrganisationSchema, ProgressSchema } from "./organisation";
import { normaliseEmail } from "~/utils/email-address";
import { recountOrganisation } from "./tally.server";
import { lookupPostcode } from "./ward.server";
import { VISIBLE } from "./moderation";
import { holdForReview, screen } from "./moderation.server";
import { recordAudit, type AuditActor } from "./audit.server";

export const INVITATION_DAYS = 14;

async function uniqueSlug(tx: Prisma.TransactionClient, name: string) {
  const base = slugify(name) || "organisation";
  for (let n = 1; ; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await tx.organisation.findUnique({ where: { slug } }))) return slug;
  }
}

/**
 * Registers an organisation, pending until an admin verifies it; the person
 * registering becomes its owner; its contact email must be confirmed. Its name
 * and description pass the filter: what it catches is held for the moderators
 * (the organisation stays off every public page until one approves it, even
 * once verified). Returns null when the postcode is not a Salford one (the
 * form says so).
 */
export async function registerOrganisation(ownerId: string, input: z.infer<typeof OrganisationSchema>) {
  const place = lookupPostcode(input.postcode);
  if (place.status !== "found") return null;
  const { token, hash } = createToken();
  // The website is a link by design: only the words it publishes are screened.
  const { moderation, flags } = await screen([input.name, input.description]);
  return prisma.$transaction(async (tx) => {
    const organisation = await tx.organisation.create({
      data: {
        id: randomUUID(),
        slug: await uniqueSlug(tx, input.name),
        name: input.name,
        sectorKey: input.sector,
        address: input.address,
        postcode: place.location.postcode,
        wardCode: place.location.wardCode,
        lat: place.location.lat,
        lon: place.location.lon,
        website: input.website,
        contactEmail: input.contactEmail,
        contactTokenHash: hash,
        description: input.description,
        moderation,
        members: { create: { userId: ownerId, role: "owner" } },
      },
    });
    if (flags.length) await holdForReview(tx, "organisation", organisation.id, flags);
    await queueEmail(tx, {
      template: "confirm-organisation-email",
      to: input.contactEmail,
      props: { organisationName: input.name, confirmUrl: appUrl(`/organisations/confirm/${token}`) },
    });
    return organisation;
  });
}

export async function getOrganisationByContactToken(token: string) {
  return prisma.organisation.findUnique({ where: { contactTokenHash: hashToken(token) } });
}

export async function confirmContactEmail(token: string) {
  const organisation = await getOrganisationByContactToken(token);
  if (!organisation) return null;
  await prisma.organisation.update({
    where: { id: organisation.id },
    data: { contactConfirmedAt: new Date(), contactTokenHash: null },
  });
  return organisation;
}

const withDetails = {
  sector: { select: { key: true, name: true } },
  ward: { select: { code: true, name: true, slug: true } },
  commitments: {
    where: { status: "active" },
    orderBy: { createdAt: "asc" },
    include: { reports: { orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }] } },
  },
} satisfies Prisma.OrganisationInclude;

export async function getOrganisation(slug: string) {
  return prisma.organisation.findUnique({ where: { slug }, include: withDetails });
}

/** The public directory: verified organisations only, none held or hidden by the moderators. */
export async function listVerifiedOrganisations(filter: {
  sector?: string;
  wardCode?: string;
  quality?: string;
  search?: string;
}) {
  return prisma.organisation.findMany({
    where: {
      status: "verified",
      moderation: VISIBLE,
      ...(filter.sector ? { sectorKey: filter.sector } : {}),
      ...(filter.wardCode ? { wardCode: filter.wardCode } : {}),
      ...(filter.quality ? { commitments: { some: { status: "active", quality: filter.quality } } } : {}),
      ...(filter.search ? { name: { contains: filter.search, mode: "insensitive" } } : {}),
    },
    include: {
      sector: { select: { name: true } },
      ward: { select: { name: true } },
      _count: { select: { commitments: { where: { status: "active" } } } },
    },
    orderBy: { name: "asc" },
  });
}

/** Exact pins for the map: verified organisations the public sees (never residents). */
export async function listOrganisationPins(filter: { sector?: string }) {
  const rows = await prisma.organisation.findMany({
    where: { status: "verified", moderation: VISIBLE, ...(filter.sector ? { sectorKey: filter.sector } : {}) },
    select: {
      id: true,
      slug: true,
      name: true,
      lat: true,
      lon: true,
      isExample: true,
      sector: { select: { name: true } },
    },
  });
  return rows.map((o) => ({
    id: o.id,
    lat: o.lat,
    lon: o.lon,
    label: `${o.isExample ? "Example: " : ""}${o.name} (${o.sector.name})`,
    href: `/organisations/${o.slug}`,
    kind: "organisation" as const,
  }));
}

/**
 * Every organisation for the admins' review, with what the filter found in
 * its name and description while a moderator has still to look (verifying
 * does not publish a held organisation: approving it in the queue does).
 */
export async function listOrganisationsForReview() {
  const organisations = await prisma.organisation.findMany({
    include: { sector: { select: { name: true } }, ward: { select: { name: true } } },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
  });
  const held = organisations.filter((o) => o.moderation !== VISIBLE).map((o) => o.id);
  const items = held.length
    ? await prisma.moderationItem.findMany({
        where: { kind: "organisation", itemId: { in: held } },
        select: { itemId: true, flags: true },
      })
    : [];
  const flagsOf = new Map(items.map((i) => [i.itemId, i.flags]));
  return organisations.map((o) => ({ ...o, moderationFlags: flagsOf.get(o.id) ?? [] }));
}

/**
 * An admin verifies or rejects (with a reason); the organisation is told either
 * way, and the audit log records who decided, in the same transaction.
 */
export async function reviewOrganisation(
  actor: AuditActor,
  id: string,
  decision: "verify" | "reject",
  reason?: string,
) {
  return prisma.$transaction(async (tx) => {
    // Locked, so two admins deciding at once each record the status the other left.
    const [before] = await tx.$queryRaw<{ status: string; rejectionReason: string | null }[]>`
      SELECT status, rejection_reason AS "rejectionReason" FROM organisation WHERE id = ${id}::uuid FOR UPDATE`;
    const organisation = await tx.organisation.update({
      where: { id },
      data: {
        status: decision === "verify" ? "verified" : "rejected",
        rejectionReason: decision === "reject" ? reason : null,
        reviewedAt: new Date(),
      },
    });
    await recountOrganisation(tx, id);
    if (decision === "verify")
      await queueEmail(tx, {
        template: "organisation-verified",
        to: organisation.contactEmail,
        props: { organisationName: organisation.name, profileUrl: appUrl(`/organisations/${organisation.slug}`) },
      });
    else
      await queueEmail(tx, {
        template: "organisation-rejected",
        to: organisation.contactEmail,
        props: { organisationName: organisation.name, reason: reason ?? "" },
      });
    await recordAudit(
      actor,
      {
        action: decision === "verify" ? "organisation.verify" : "organisation.reject",
        subject: { kind: "organisation", id },
        summary: `${decision === "verify" ? "Verified" : "Rejected"} organisation ${organisation.name}`,
        before,
        after: { status: organisation.status, rejectionReason: organisation.rejectionReason },
      },
      tx,
    );
    return organisation;
  });
}

export async function getMembership(userId: string, organisationId: string) {
  return prisma.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });
}

export async function listMemberships(userId: string) {
  return prisma.membership.findMany({
    where: { userId },
    include: { organisation: { select: { name: true, slug: true, status: true } } },
  });
}

export async function listMembers(organisationId: string) {
  return prisma.membership.findMany({
    where: { organisationId },
    include: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function inviteEditor(organisation: { id: string; name: string }, email: string) {
  const { token, hash } = createToken();
  await prisma.$transaction(async (tx) => {
    await tx.invitation.create({
      data: {
        tokenHash: hash,
        organisationId: organisation.id,
        email: email.trim(),
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000),
      },
    });
    await queueEmail(tx, {
      template: "editor-invitation",
      to: email.trim(),
      props: { organisationName: organisation.name, acceptUrl: appUrl(`/invitations/${token}`), days: INVITATION_DAYS },
    });
  });
}

export async function getInvitation(token: string) {
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { organisation: { select: { id: true, name: true, slug: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date()) return null;
  return invitation;
}

/** Accepts an invitation for the signed-in user, who must hold the invited address. */
export async function acceptInvitation(token: string, user: { id: string; email: string }) {
  const invitation = await getInvitation(token);
  if (!invitation) return { status: "invalid" as const };
  if (normaliseEmail(invitation.email) !== normaliseEmail(user.email))
    return { status: "wrong-address" as const, invitation };
  await prisma.$transaction(async (tx) => {
    await tx.invitation.update({ where: { tokenHash: invitation.tokenHash }, data: { acceptedAt: new Date() } });
    await tx.membership.upsert({
      where: { userId_organisationId: { userId: user.id, organisationId: invitation.organisationId } },
      create: { userId: user.id, organisationId: invitation.organisationId, role: "editor" },
      update: {},
    });
  });
  return { status: "accepted" as const, invitation };
}

export async function createCommitment(organisationId: string, input: z.infer<typeof CommitmentSchema>) {
  return prisma.$transaction(async (tx) => {
    const commitment = await tx.commitment.create({
      data: {
        id: randomUUID(),
        organisationId,
        quality: input.quality,
        title: input.title,
        measure: input.measure,
        targetKind: input.targetKind,
        targetValue: input.targetKind === "number" ? input.targetValue : 1,
        unit: input.targetKind === "number" ? input.unit : null,
        targetDate: input.targetDate,
      },
    });
    await recountOrganisation(tx, organisationId);
    return commitment;
  });
}

export async function withdrawCommitment(organisationId: string, commitmentId: string) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.commitment.updateMany({
      where: { id: commitmentId, organisationId, status: "active" },
      data: { status: "withdrawn" },
    });
    if (count) await recountOrganisation(tx, organisationId);
    return count === 1;
  });
}

export async function reportProgress(
  organisationId: string,
  commitmentId: string,
  input: z.infer<typeof ProgressSchema>,
) {
  const commitment = await prisma.commitment.findFirst({
    where: { id: commitmentId, organisationId, status: "active" },
  });
  if (!commitment) return null;
  // Its value counts for the commitment's progress at once; its story shows once the filter or a moderator lets it.
  const { moderation, flags } = await screen([input.story]);
  return prisma.$transaction(async (tx) => {
    const report = await tx.progressReport.create({
      data: {
        id: randomUUID(),
        commitmentId,
        value: input.value,
        story: input.story,
        reportedOn: input.reportedOn,
        moderation,
      },
    });
    if (flags.length) await holdForReview(tx, "progress_report", report.id, flags);
    return report;
  });
}

export async function countOrganisationsByStatus() {
  const rows = await prisma.organisation.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<
    Record<"pending" | "verified" | "rejected", number>
  >;
}
