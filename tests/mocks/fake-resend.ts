/**
 * A local stand-in for Resend's HTTP API, so tests run the real Resend SDK and
 * our real sending code. It answers POST /emails and /emails/batch, keeps
 * what it accepted, honours Idempotency-Key as Resend does (a repeated key is
 * answered with the first result and not sent again), and can be told to fail.
 *
 * Stricter than Resend on one point: the real batch endpoint accepts an email
 * with `attachments` or `scheduled_at` and silently drops them (the email goes
 * without its file, or at once); this one refuses it with a 422, so a test
 * catches a message that took the wrong endpoint.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeEmail = {
  id: string;
  from: string;
  to: string | string[];
  subject: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  /** as the API takes them: content in base64 */
  attachments?: { filename?: string; content?: string; content_type?: string }[];
  scheduled_at?: string;
  idempotencyKey?: string;
  authorization?: string;
  /** which endpoint accepted it */
  endpoint?: "/emails" | "/emails/batch";
};

export type FakeResend = {
  url: string;
  sent: FakeEmail[];
  /** Calls answered so far (accepted, refused or failed), and how many were refused for the rate limit. */
  calls: () => number;
  rateLimited: () => number;
  /** Idempotency keys sent again after they were accepted (answered from memory, as Resend does). */
  replayedKeys: string[];
  /** The idempotency key of every call, in order, whatever the answer (refused and failed calls too). */
  keysCalled: string[];
  /** Statuses to answer with before accepting again, e.g. [429, 500]. */
  failNext: (statuses: number[]) => void;
  close: () => Promise<void>;
};

export type FakeResendOptions = {
  /** Like Resend's own limit: calls over this many in a second get 429. */
  maxRequestsPerSecond?: number;
  /** Time between accepting a call and answering it. */
  delayMs?: number;
  /** Keep only recipients and keys, not bodies (for runs of 100,000 emails). */
  keepBodies?: boolean;
};

async function readJson(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const sent: FakeEmail[] = [];
  const replayedKeys: string[] = [];
  const keysCalled: string[] = [];
  const byKey = new Map<string, { answer: unknown; body: string }>();
  let failures: number[] = [];
  const failureNames = new Map<number, string>([[409, "concurrent_idempotent_requests"]]);
  let calls = 0;
  let rateLimited = 0;
  let windowStart = 0;
  let inWindow = 0;

  const server: Server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "POST" || !["/emails", "/emails/batch"].includes(request.url ?? ""))
      return reply(404, { name: "not_found", message: "Not found", statusCode: 404 });
    const body = await readJson(request);
    calls += 1;
    keysCalled.push(String(request.headers["idempotency-key"] ?? ""));
    if (options.maxRequestsPerSecond) {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      inWindow += 1;
      if (inWindow > options.maxRequestsPerSecond) {
        rateLimited += 1;
        return reply(429, { name: "rate_limit_exceeded", message: "Too many requests", statusCode: 429 });
      }
    }
    const failure = failures.shift();
    if (failure)
      return reply(failure, {
        name:
          failure === 429
            ? "rate_limit_exceeded"
            : failure >= 500
              ? "internal_server_error"
              : (failureNames.get(failure) ?? "validation_error"),
        message: `fake failure ${failure}`,
        statusCode: failure,
      });
    if (request.url === "/emails/batch") {
      const dropped = (body as FakeEmail[]).findIndex((email) => email.attachments || email.scheduled_at);
      if (dropped >= 0)
        return reply(422, {
          name: "validation_error",
          message: `emails[${dropped}]: the batch endpoint does not send attachments or scheduled_at (Resend drops them silently); use /emails`,
          statusCode: 422,
        });
    }
    const key = request.headers["idempotency-key"] as string | undefined;
    const seen = key ? byKey.get(key) : undefined;
    // As Resend does: the same key with the same body is answered from memory; with another body, refused.
    if (key && seen && seen.body !== JSON.stringify(body))
      return reply(409, {
        name: "invalid_idempotent_request",
        message: "Same idempotency key used with a different request payload.",
        statusCode: 409,
      });
    if (key && seen) {
      replayedKeys.push(key);
      return reply(200, seen.answer);
    }

    const accept = (email: Omit<FakeEmail, "id">) => {
      const id = randomUUID();
      sent.push(
        options.keepBodies === false
          ? {
              id,
              to: email.to,
              from: email.from,
              subject: email.subject,
              idempotencyKey: email.idempotencyKey,
              endpoint: email.endpoint,
            }
          : { ...email, id },
      );
      return id;
    };
    const common = {
      idempotencyKey: key,
      authorization: request.headers.authorization,
      endpoint: request.url as FakeEmail["endpoint"],
    };
    const answer =
      request.url === "/emails/batch"
        ? { data: (body as FakeEmail[]).map((email) => ({ id: accept({ ...email, ...common }) })) }
        : { id: accept({ ...(body as FakeEmail), ...common }) };
    if (key) byKey.set(key, { answer, body: JSON.stringify(body) });
    // Accepted, then slow to say so: a caller killed now has had its batch sent without hearing back.
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    return reply(200, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    calls: () => calls,
    replayedKeys,
    keysCalled,
    rateLimited: () => rateLimited,
    failNext: (statuses) => {
      failures = [...statuses];
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
