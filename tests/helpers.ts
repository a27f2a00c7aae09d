import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { prisma } from "~/utils/db.server";

export const validPledge = {
  name: "Jane Smith",
  email: "jane.smith@example.org",
  postcode: "M5 4WT",
  qualities: "values",
  suggestion: "values-respect",
  nameDisplay: "initial",
  nudgeConsent: "on",
};

export function formRequest(path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
}

/** Arguments for calling a route's action directly, as Remix would. */
export function actionArgs(
  path: string,
  fields: Record<string, string | string[]>,
  options: { ip?: string; params?: Record<string, string> } = {},
): ActionFunctionArgs {
  return {
    request: formRequest(path, fields),
    params: options.params ?? {},
    context: { clientIp: options.ip ?? "203.0.113.1" },
  };
}

export function loaderArgs(path: string, params: Record<string, string> = {}): LoaderFunctionArgs {
  return { request: new Request(`http://localhost:3000${path}`), params, context: { clientIp: "203.0.113.1" } };
}

/** Calls an action or loader and returns what it returned or threw, as a Response when it is one. */
export async function settle<T>(run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The confirmation token in the newest confirm-pledge message queued for this address. */
export async function confirmTokenFor(email: string) {
  const message = await prisma.emailMessage.findFirst({
    where: { toAddress: email, template: "confirm-pledge" },
    orderBy: { id: "desc" },
  });
  const url = (message?.props as { confirmUrl?: string } | null)?.confirmUrl;
  if (!url) throw new Error(`no confirmation email queued for ${email}`);
  return url.split("/confirm/")[1]!;
}

let ipCounter = 0;
/**
 * A fresh address from the documentation range, so rate limits do not carry
 * over between tests. IPv6 (2001:db8::/32), because property tests use
 * thousands and 198.51.100.0/24 has 254.
 */
export function freshIp() {
  ipCounter += 1;
  // A /64 of its own each: rate limits count an IPv6 client by its /64.
  return `2001:db8:0:${ipCounter.toString(16)}::1`;
}

/** A confirmed pledge written straight to the database, for tests about what happens after confirming. */
export async function createConfirmedPledge(fields: {
  name: string;
  email: string;
  commitment: string;
  confirmedAt?: Date;
  targetDate?: Date;
}) {
  return prisma.pledge.create({
    data: {
      id: randomUUID(),
      name: fields.name,
      nameDisplay: "initial",
      email: fields.email,
      emailNormalised: fields.email.toLowerCase(),
      postcode: "M5 4WT",
      wardCode: "E05013028",
      qualities: ["values"],
      commitment: fields.commitment,
      commitmentKey: fields.commitment.toLowerCase(),
      nudgeConsent: true,
      newsConsent: false,
      confirmedAt: fields.confirmedAt ?? new Date(),
      targetDate: fields.targetDate,
    },
  });
}

/** The admin a model call made outside a page is recorded against in the audit log (models that change things take one). */
export const TEST_ADMIN = {
  id: "00000000-0000-4000-8000-00000000ad01",
  email: "test-admin@example.org",
  role: "admin",
};
