import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { destroySession } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";

/** POST only: a link or an image must not be able to sign anyone out. */
export async function loader() {
  return redirect("/");
}

// The sign-out buttons: this device, or (everywhere=1) every device.
const SignOutSchema = z.object({ everywhere: z.literal("1").optional() });

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: SignOutSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const everywhere = submission.value.everywhere === "1";
  return redirect(everywhere ? "/login?signedOut=everywhere" : "/", {
    headers: { "Set-Cookie": await destroySession(request, { everywhere }) },
  });
}
