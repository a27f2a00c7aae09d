import type { MetaFunction } from "@remix-run/node";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Check your email | Salford Social Value City" },
  metaDescription("Your sign-in link is on its way."),
];

export default function LoginSentPage() {
  return (
    <>
      <h1>Check your email</h1>
      <p className="lead">If that address can sign in, a link is on its way. It works once, for 15 minutes.</p>
      <p>Open it and press “Sign in”. No email after a few minutes? Check your spam folder, or ask for another.</p>
    </>
  );
}
