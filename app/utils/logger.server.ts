import pino from "pino";

/**
 * The one logger: JSON lines on stdout, for people and log collectors alike.
 * Nothing passed to it may carry an email address or a token: request paths are
 * logged as their route pattern when they hold a token (server/request-log.ts).
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { pid: process.pid },
  // Belt and braces: fields that could hold personal data or secrets never print.
  redact: {
    paths: ["email", "to", "token", "*.email", "*.to", "*.token", "headers.cookie", "headers.authorization"],
    censor: "[hidden]",
  },
});
