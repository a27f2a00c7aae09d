import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { resetSecondFactor } from "~/models/two-factor.server";
import { requireRole } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";

/*
 * POST /admin/people/two-factor: an admin resets the authenticator app of
 * someone who lost their phone and their recovery codes. Their app and codes
 * go, their sessions end (a lost phone may hold one), and at their next
 * sign-in by email link they set up a new app. On the audit log
 * (two-factor.restart, written by the model). The same as
 * `npm run admin:reset-2fa -- someone@example.org`.
 */

const ResetSchema = z.object({ email: z.string().trim().max(254).email("Enter the person's email address") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const parsed = ResetSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response(parsed.error.issues[0]!.message, { status: 400 });
  const result = await resetSecondFactor(user, parsed.data.email);
  if (result.status === "no-user") throw new Response("No one signs in with that address.", { status: 404 });
  return redirect(`/admin/people?${new URLSearchParams({ email: parsed.data.email, reset: "1" })}`);
}
