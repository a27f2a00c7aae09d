import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "Address confirmed | Salford Social Value City" },
  metaDescription("Your organisation's contact email is confirmed."),
];

export default function ContactConfirmedPage() {
  return (
    <>
      <h1>Thank you: the contact email is confirmed</h1>
      <p className="lead">The Alliance will look at the registration and email this address when it is verified.</p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </>
  );
}
