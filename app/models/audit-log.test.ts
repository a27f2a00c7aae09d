import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { AuditFilterSchema, auditChanges } from "./audit-log";
import { listAuditEntries } from "./audit-log.server";

const admin = { id: randomUUID(), email: "Log-Admin@example.org", role: "admin" };
const moderator = { id: randomUUID(), email: "log-moderator@example.org", role: "moderator" };

const filter = (query: Record<string, string>) => AuditFilterSchema.parse(query);

test("the database refuses to UPDATE, DELETE or TRUNCATE the audit log, whoever asks, and every entry survives", async () => {
  await recordAudit(admin, {
    action: "test.keep",
    subject: { kind: "test", id: "kept" },
    summary: "An entry nobody may change",
    before: { n: 1 },
    after: { n: 2 },
  });
  const kept = await prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
  expect(kept.length).toBeGreaterThan(0);

  for (const statement of [
    "UPDATE audit_entry SET summary = 'rewritten'",
    "UPDATE audit_entry SET actor_email = 'someone-else@example.org' WHERE action = 'test.keep'",
    "DELETE FROM audit_entry",
    "DELETE FROM audit_entry WHERE action = 'test.keep'",
    "TRUNCATE audit_entry",
  ])
    await expect(prisma.$executeRawUnsafe(statement), statement).rejects.toThrow(/the audit log is append-only/);
  // Prisma's own update and delete go the same way.
  await expect(prisma.auditEntry.updateMany({ data: { summary: "rewritten" } })).rejects.toThrow(/append-only/);
  await expect(prisma.auditEntry.deleteMany()).rejects.toThrow(/append-only/);

  expect(await prisma.auditEntry.findMany({ orderBy: { id: "asc" } })).toEqual(kept);
  // Adding is what it is for.
  await recordAudit(admin, { action: "test.keep", subject: { kind: "test" }, summary: "Another" });
  expect(await prisma.auditEntry.count()).toBe(kept.length + 1);
});

test("the log reads newest first, a page at a time, and filters by action or its prefix, who, what, and London days", async () => {
  const subject = randomUUID();
  for (let i = 1; i <= 5; i += 1)
    await recordAudit(i % 2 ? admin : moderator, {
      action: i % 2 ? "paging.grant" : "paging.revoke",
      subject: { kind: "paging", id: i === 5 ? subject : `item-${i}` },
      summary: `Paging entry ${i}`,
    });
  await recordAudit(admin, { action: "pagingx.other", subject: { kind: "paging" }, summary: "Not a paging. action" });

  const first = await listAuditEntries(filter({ action: "paging." }), 2);
  expect(first.entries.map((e) => e.summary)).toEqual(["Paging entry 5", "Paging entry 4"]);
  const second = await listAuditEntries(filter({ action: "paging.", before: first.olderBefore! }), 2);
  expect(second.entries.map((e) => e.summary)).toEqual(["Paging entry 3", "Paging entry 2"]);
  const third = await listAuditEntries(filter({ action: "paging.", before: second.olderBefore! }), 2);
  expect(third.entries.map((e) => e.summary)).toEqual(["Paging entry 1"]);
  expect(third.olderBefore).toBeNull();

  const summaries = async (query: Record<string, string>) =>
    (await listAuditEntries(filter(query))).entries.map((e) => e.summary);
  expect(await summaries({ action: "paging.revoke" })).toEqual(["Paging entry 4", "Paging entry 2"]);
  // Who: the address as typed, in any case.
  expect(await summaries({ action: "paging.", actor: "log-admin@EXAMPLE.org" })).toEqual([
    "Paging entry 5",
    "Paging entry 3",
    "Paging entry 1",
  ]);
  expect(await summaries({ subjectKind: "paging", subjectId: subject })).toEqual(["Paging entry 5"]);

  // Days are Salford's: 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
  await prisma.auditEntry.create({
    data: {
      at: new Date("2026-06-30T23:30:00Z"),
      actorEmail: admin.email,
      actorRole: "admin",
      action: "paging.late",
      subjectKind: "paging",
      summary: "Just after midnight in Salford",
    },
  });
  expect(await summaries({ from: "2026-07-01", to: "2026-07-01" })).toEqual(["Just after midnight in Salford"]);
  expect(await summaries({ from: "2026-06-30", to: "2026-06-30" })).toEqual([]);
  expect(await summaries({ to: "2026-06-30" })).toEqual([]);
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  expect((await summaries({ action: "paging.", from: today, to: today })).length).toBe(5);
  expect(await summaries({ action: "paging.", to: "2020-01-01" })).toEqual([]);
});

test("a filter that is not one is refused with a message, never read", () => {
  const refused = (query: Record<string, string>) => {
    const parsed = AuditFilterSchema.safeParse(query);
    return parsed.success ? null : parsed.error.issues[0]!.message;
  };
  expect(refused({ action: "DROP TABLE" })).toMatch(/An action is like role.grant/);
  expect(refused({ actor: "not an address" })).toMatch(/email address/);
  expect(refused({ from: "2026-02-30" })).toMatch(/Enter a date like/);
  expect(refused({ from: "2026-12-01", to: "2026-11-01" })).toBe("The end date is before the start date");
  expect(refused({ before: "-1" })).toMatch(/does not exist/);
  expect(refused({ before: "99999999999999999999" })).toMatch(/does not exist/);
  expect(refused({ subjectId: "a b" })).toMatch(/An id is/);
  expect(refused({ action: "", actor: " ", from: "" })).toBeNull();
});

test("what changed: only the keys that differ, each before and after in words", () => {
  expect(
    auditChanges(
      { name: "Winter", target: 500, qualities: ["values"], partners: [], body: "same" },
      { name: "Winter", target: 750, qualities: ["values", "delivery"], partners: ["Salford CVS"], body: "same" },
    ),
  ).toEqual([
    { key: "target", before: "500", after: "750" },
    { key: "qualities", before: "values", after: "values, delivery" },
    { key: "partners", before: "(none)", after: "Salford CVS" },
  ]);
  expect(auditChanges(null, { role: "admin" })).toEqual([{ key: "role", before: "(none)", after: "admin" }]);
  expect(auditChanges(null, null)).toEqual([]);
  expect(auditChanges("draft", "published")).toEqual([{ key: "value", before: "draft", after: "published" }]);
});
