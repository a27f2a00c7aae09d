import { z } from "zod";
import { EmailSchema } from "~/utils/email-address";

/*
 * The site's global roles (the browser may import this). Organisation roles
 * (owner, editor) are memberships, not these.
 */

export const ROLES = ["resident", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** How a role reads in a sentence: "now a moderator". */
export const ROLE_WITH_ARTICLE: Record<Role, string> = {
  resident: "a resident (no role)",
  moderator: "a moderator",
  admin: "an admin",
};

/** A change is a grant when the new role can do more than the old one. */
export const ROLE_RANK: Record<Role, number> = { resident: 0, moderator: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Every form on /admin/people: whose role, and what it becomes. */
export const RoleChangeSchema = z.object({
  email: EmailSchema("Enter the person's email address"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Choose resident, moderator or admin" }) }),
});

/** The person-finder's query string. */
export const FindPersonSchema = z.object({ email: EmailSchema("Enter the person's email address") });

export const LAST_ADMIN_MESSAGE =
  "This is the only admin: make someone else an admin first, so the Alliance is never left without one";
export const NO_LONGER_ADMIN_MESSAGE = "You are no longer an admin, so you cannot change anyone's role";
