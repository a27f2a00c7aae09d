import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/utils/session.server";
import { readForm } from "~/utils/form.server";

/** POST only: a link or an image must not be able to sign anyone out. */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const everywhere = formData.get("everywhere") === "1";
  return redirect(everywhere ? "/login?signedOut=everywhere" : "/", {
    headers: { "Set-Cookie": await destroySession(request, { everywhere }) },
  });
}
