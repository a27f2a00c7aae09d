import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";

/**
 * The benchmark's framework baseline (bench/pledges.ts): parses the form and
 * redirects, touching nothing. Exists only when BENCH_ROUTES=1.
 */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  if (!getEnv().BENCH_ROUTES) throw new Response("Not found", { status: 404 });
  await readForm(request);
  return redirect("/pledge/sent");
}
