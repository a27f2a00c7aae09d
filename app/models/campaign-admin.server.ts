import { randomUUID } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { auditChanges } from "./audit-log";
import { calendarDay, campaignPhase, type CampaignPhase, type CampaignStatus } from "./campaign";
import {
  CAMPAIGN_SLUG_MAX,
  PARTNER_MESSAGE,
  SLUG_TAKEN_MESSAGE,
  suggestSlug,
  WARD_MESSAGE,
  type CampaignFormValues,
  type CampaignInput,
} from "./campaign-form";
import { updateWaitingConditions } from "./pledge-condition.server";
import { salfordDay } from "./tally.server";
import { listWards } from "./ward.server";

/*
 * Campaigns as the Alliance's admins make and run them: drafts included.
 * The public reads are campaign.server.ts's, which never show a draft.
 */

type Db = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a campaign's form may be refused for that only the database can tell: a field and its message. */
export type CampaignRefusal = { field: "slug" | "partners" | "wardCodes" | "conditionalScope"; message: string };
export type CampaignSaved = { ok: true; id: string; slug: string } | { ok: false; refusal: CampaignRefusal };

/**
 * The moment a conditional deadline day ends in Salford: 23:59:59.999 London
 * time, GMT or BST as that day has it. `day` is the date as a DATE reads (UTC midnight).
 */
export function endOfSalfordDay(day: Date) {
  const nextMidnightUtc = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
  // London is UTC or one hour ahead; the clocks change at 01:00 UTC, so midnight is never skipped or repeated.
  const londonHour = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", hourCycle: "h23" }).format(
      new Date(nextMidnightUtc),
    ),
  );
  const offsetMs = londonHour === 1 ? 3_600_000 : 0;
  return new Date(nextMidnightUtc - offsetMs - 1);
}

/** The verified organisations an admin may name as partners, by name. */
export function listPartnerOrganisations() {
  return prisma.organisation.findMany({
    where: { status: "verified" },
    select: { id: true, name: true, slug: true, isExample: true },
    orderBy: { name: "asc" },
  });
}

export type AdminCampaignRow = {
  id: string;
  slug: string;
  name: string;
  status: string;
  phase: CampaignPhase;
  startsOn: string;
  endsOn: string;
  target: number;
  isExample: boolean;
};

/** Every campaign, drafts too: the newest first. */
export async function listCampaignsForAdmin(now = new Date()): Promise<AdminCampaignRow[]> {
  const today = salfordDay(now);
  const campaigns = await prisma.campaign.findMany({ orderBy: [{ startsOn: "desc" }, { name: "asc" }] });
  return campaigns.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    status: c.status,
    phase: campaignPhase(c, today),
    startsOn: calendarDay(c.startsOn),
    endsOn: calendarDay(c.endsOn),
    target: c.target,
    isExample: c.isExample,
  }));
}

/** A campaign of any status with its partners, and its fields as the form shows them; null for no such campaign. */
export async function getCampaignForAdmin(id: string, now = new Date()) {
  if (!UUID.test(id)) return null;
  const campaign = await prisma.campaign.findUnique({
    where: { id },
    include: { partners: { select: { organisationId: true } } },
  });
  if (!campaign) return null;
  const form: CampaignFormValues = {
    name: campaign.name,
    slug: campaign.slug,
    summary: campaign.summary,
    body: campaign.body,
    startsOn: calendarDay(campaign.startsOn),
    endsOn: calendarDay(campaign.endsOn),
    target: String(campaign.target),
    qualities: campaign.qualities,
    wardCodes: campaign.wardCodes,
    suggestions: campaign.suggestions.join("\n"),
    milestones: [...campaign.milestones].sort((a, b) => a - b).join(", "),
    partners: campaign.partners.map((p) => p.organisationId),
    conditionalThreshold: campaign.conditionalThreshold === null ? "" : String(campaign.conditionalThreshold),
    conditionalDeadline: campaign.conditionalDeadline ? salfordDay(campaign.conditionalDeadline) : "",
    conditionalScope: campaign.conditionalScope ?? "",
  };
  return {
    id: campaign.id,
    slug: campaign.slug,
    name: campaign.name,
    status: campaign.status as CampaignStatus,
    phase: campaignPhase(campaign, salfordDay(now)),
    publishedAt: campaign.publishedAt?.toISOString() ?? null,
    isExample: campaign.isExample,
    form,
  };
}

/** The columns a form's input sets (the slug apart: it may need a suffix). */
function columns(input: CampaignInput) {
  const offered =
    input.conditionalThreshold !== undefined && input.conditionalDeadline && input.conditionalScope !== undefined;
  return {
    name: input.name,
    summary: input.summary,
    body: input.body,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    target: input.target,
    qualities: input.qualities,
    wardCodes: input.wardCodes,
    suggestions: input.suggestions,
    milestones: input.milestones,
    conditionalThreshold: offered ? input.conditionalThreshold! : null,
    conditionalDeadline: offered ? endOfSalfordDay(input.conditionalDeadline!) : null,
    conditionalScope: offered ? input.conditionalScope! : null,
  };
}

/**
 * The partners and wards must be ones that can be chosen now: the form's
 * schema checked the list the page offered, but an organisation may have lost
 * its verification since (and a made-up request skips the page).
 */
async function checkChoices(tx: Db, input: CampaignInput): Promise<CampaignRefusal | null> {
  const wardCodes = new Set((await listWards()).map((w) => w.code));
  if (input.wardCodes.some((code) => !wardCodes.has(code))) return { field: "wardCodes", message: WARD_MESSAGE };
  if (input.partners.length === 0) return null;
  const verified = await tx.organisation.count({ where: { id: { in: input.partners }, status: "verified" } });
  return verified === input.partners.length ? null : { field: "partners", message: PARTNER_MESSAGE };
}

/** A slug given by the admin must be free; one suggested from the name takes the first free "-2", "-3"… */
async function chooseSlug(tx: Db, input: CampaignInput, exceptId?: string): Promise<string | null> {
  const others = exceptId ? { id: { not: exceptId } } : {};
  if (input.slug) return (await tx.campaign.count({ where: { slug: input.slug, ...others } })) ? null : input.slug;
  const base = suggestSlug(input.name);
  const stem = base.slice(0, CAMPAIGN_SLUG_MAX - 6).replace(/-+$/, "");
  const taken = new Set(
    (await tx.campaign.findMany({ where: { slug: { startsWith: stem }, ...others }, select: { slug: true } })).map(
      (c) => c.slug,
    ),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

const SLUG_TAKEN: CampaignSaved = { ok: false, refusal: { field: "slug", message: SLUG_TAKEN_MESSAGE } };

/** Two saves racing for one slug: the database's unique index refuses the second. */
function isSlugClash(error: unknown) {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    error.code === "P2002" &&
    JSON.stringify(error.meta ?? {}).includes("slug")
  );
}

class Refused extends Error {
  constructor(readonly refusal: CampaignRefusal) {
    super(refusal.message);
  }
}

async function saving<T extends CampaignSaved | null>(run: () => Promise<T>): Promise<T | CampaignSaved> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal };
    if (isSlugClash(error)) return SLUG_TAKEN;
    throw error;
  }
}

type CampaignRow = NonNullable<Awaited<ReturnType<typeof prisma.campaign.findUnique>>>;

/**
 * A campaign as its audit entries record it: the form's fields as an admin
 * reads them (days as dates, partners by name), so /admin/audit shows what
 * changed in the words of the form.
 */
async function auditView(tx: Db, campaign: CampaignRow, partnerIds: string[]) {
  const partners = partnerIds.length
    ? await tx.organisation.findMany({
        where: { id: { in: partnerIds } },
        select: { name: true },
        orderBy: { name: "asc" },
      })
    : [];
  return {
    name: campaign.name,
    slug: campaign.slug,
    status: campaign.status,
    summary: campaign.summary,
    body: campaign.body,
    startsOn: calendarDay(campaign.startsOn),
    endsOn: calendarDay(campaign.endsOn),
    target: campaign.target,
    qualities: campaign.qualities,
    wardCodes: campaign.wardCodes,
    suggestions: campaign.suggestions,
    milestones: [...campaign.milestones].sort((a, b) => a - b),
    partners: partners.map((p) => p.name),
    conditionalThreshold: campaign.conditionalThreshold,
    conditionalDeadline: campaign.conditionalDeadline ? salfordDay(campaign.conditionalDeadline) : null,
    conditionalScope: campaign.conditionalScope,
  };
}

/** A new campaign, as a draft: only admins see it until it is published. Recorded in the audit log as campaign.create. */
export function createCampaign(actor: AuditActor, input: CampaignInput): Promise<CampaignSaved> {
  return saving(() =>
    prisma.$transaction(async (tx): Promise<CampaignSaved> => {
      const refusal = await checkChoices(tx, input);
      if (refusal) throw new Refused(refusal);
      const slug = await chooseSlug(tx, input);
      if (!slug) return SLUG_TAKEN;
      const id = randomUUID();
      const created = await tx.campaign.create({
        data: {
          id,
          slug,
          ...columns(input),
          status: "draft",
          partners: { create: input.partners.map((organisationId) => ({ organisationId })) },
        },
      });
      await recordAudit(
        actor,
        {
          action: "campaign.create",
          subject: { kind: "campaign", id },
          summary: `Created campaign ${created.name} as a draft`,
          after: await auditView(tx, created, input.partners),
        },
        tx,
      );
      return { ok: true, id, slug };
    }),
  );
}

/**
 * Saves a campaign's form. A new conditional threshold or deadline reaches the
 * conditions still waiting in the same transaction (the worker then settles
 * any it has met). The scope cannot change once a condition exists: its
 * pledges were gathered for the other scope. Null for no such campaign.
 * Recorded as campaign.update with what changed (a save that changes nothing
 * records nothing).
 */
export async function updateCampaign(
  actor: AuditActor,
  id: string,
  input: CampaignInput,
): Promise<CampaignSaved | null> {
  if (!UUID.test(id)) return null;
  return saving(() =>
    prisma.$transaction(async (tx): Promise<CampaignSaved | null> => {
      // Two admins saving at once: one after the other, each reading what the other left.
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM campaign WHERE id = ${id}::uuid FOR UPDATE`;
      const campaign = locked && (await tx.campaign.findUnique({ where: { id }, include: { partners: true } }));
      if (!campaign) return null;
      const before = await auditView(
        tx,
        campaign,
        campaign.partners.map((p) => p.organisationId),
      );
      const refusal = await checkChoices(tx, input);
      if (refusal) throw new Refused(refusal);
      const slug = input.slug ? await chooseSlug(tx, input, id) : campaign.slug;
      if (!slug) return SLUG_TAKEN;
      const next = columns(input);
      if (
        campaign.conditionalScope &&
        next.conditionalScope &&
        next.conditionalScope !== campaign.conditionalScope &&
        (await tx.pledgeCondition.count({ where: { campaignId: id } })) > 0
      )
        throw new Refused({
          field: "conditionalScope",
          message: "Conditional pledges are already gathered for this scope: it cannot change now",
        });
      const updated = await tx.campaign.update({
        where: { id },
        data: {
          slug,
          ...next,
          updatedAt: new Date(),
          partners: { deleteMany: {}, create: input.partners.map((organisationId) => ({ organisationId })) },
        },
      });
      if (
        next.conditionalThreshold !== null &&
        next.conditionalDeadline !== null &&
        (next.conditionalThreshold !== campaign.conditionalThreshold ||
          next.conditionalDeadline.getTime() !== campaign.conditionalDeadline?.getTime())
      )
        await updateWaitingConditions(tx, id, {
          threshold: next.conditionalThreshold,
          deadline: next.conditionalDeadline,
        });
      const after = await auditView(tx, updated, input.partners);
      if (auditChanges(before, after).length)
        await recordAudit(
          actor,
          {
            action: "campaign.update",
            subject: { kind: "campaign", id },
            summary:
              before.name === after.name
                ? `Edited campaign ${after.name}`
                : `Edited campaign ${after.name} (was ${before.name})`,
            before,
            after,
          },
          tx,
        );
      return { ok: true, id, slug };
    }),
  );
}

const STATUS_ACTIONS: Record<CampaignStatus, { action: string; summary: (name: string) => string }> = {
  published: { action: "campaign.publish", summary: (name) => `Published campaign ${name}` },
  archived: { action: "campaign.archive", summary: (name) => `Archived campaign ${name}` },
  draft: { action: "campaign.draft", summary: (name) => `Took campaign ${name} back to draft` },
};

/**
 * Publishes (the public sees it from then, and publishedAt says when),
 * archives (it shows as past) or takes a campaign back to draft (admins only),
 * recorded as campaign.publish, campaign.archive or campaign.draft. A campaign
 * already in that status is left as it is, with no entry. Null for no such campaign.
 */
export async function setCampaignStatus(actor: AuditActor, id: string, status: CampaignStatus, now = new Date()) {
  if (!UUID.test(id)) return null;
  return prisma.$transaction(async (tx) => {
    // Two admins pressing at once: the second sees the first's status and records nothing.
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM campaign WHERE id = ${id}::uuid FOR UPDATE`;
    const campaign =
      locked &&
      (await tx.campaign.findUnique({ where: { id }, select: { status: true, name: true, publishedAt: true } }));
    if (!campaign) return null;
    if (campaign.status === status) return { status: campaign.status };
    const updated = await tx.campaign.update({
      where: { id },
      data: { status, updatedAt: now, ...(status === "published" ? { publishedAt: now } : {}) },
      select: { status: true, publishedAt: true },
    });
    await recordAudit(
      actor,
      {
        action: STATUS_ACTIONS[status].action,
        subject: { kind: "campaign", id },
        summary: STATUS_ACTIONS[status].summary(campaign.name),
        before: { status: campaign.status, publishedAt: campaign.publishedAt },
        after: updated,
      },
      tx,
    );
    return { status: updated.status };
  });
}
