import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ResetTwoFactorButton } from "~/components/reset-two-factor-button";
import { Field, FormAlert } from "~/components/forms";
import { FindPersonSchema, ROLE_WITH_ARTICLE, ROLES, RoleChangeSchema, type Role } from "~/models/people";
import { changeRole, findPerson, listStaff } from "~/models/people.server";
import { requireRole } from "~/guards/session.server";
import { normaliseEmail } from "~/utils/email-address";
import { getEnv } from "~/utils/env.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "People and roles | Alliance admin" },
  metaDescription("Find a person by email and make them a moderator or an admin, or take the role away."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const asked = new URL(request.url).searchParams.get("email");
  const staff = await listStaff();
  const fromEnv = new Set(getEnv().ADMIN_EMAILS.map(normaliseEmail));
  const page = {
    you: user.id,
    staff: staff.map((p) => ({ ...p, fromEnv: fromEnv.has(normaliseEmail(p.email)) })),
    search: asked ?? "",
    searchError: null as string | null,
    found: null as { email: string; role: Role; hasAccount: boolean; fromEnv: boolean } | null,
  };
  if (asked === null || asked.trim() === "") return page;
  const parsed = FindPersonSchema.safeParse({ email: asked });
  if (!parsed.success) return data({ ...page, searchError: parsed.error.issues[0]!.message }, { status: 400 });
  const person = await findPerson(parsed.data.email);
  return {
    ...page,
    found: {
      email: person?.email ?? parsed.data.email,
      role: person?.role ?? "resident",
      hasAccount: Boolean(person),
      fromEnv: fromEnv.has(normaliseEmail(parsed.data.email)),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: RoleChangeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { email, role } = submission.value;
  const changed = await changeRole(user, email, role);
  if (!changed.ok) {
    if (changed.status === 403) throw new Response(changed.message, { status: 403 });
    return data(submission.reply({ formErrors: [changed.message] }), { status: 400 });
  }
  // An admin who gave up their own admin role can no longer open this page.
  if (changed.person.id === user.id && role !== "admin") return redirect(role === "moderator" ? "/admin" : "/account");
  return redirect(`/admin/people?${new URLSearchParams({ email: changed.person.email, changed: "1" })}`);
}

const BUTTON_WORDS: Record<Role, string> = {
  admin: "Make admin",
  moderator: "Make moderator",
  resident: "Take the role away",
};

/** One form per role the person does not have: each posts the address and the new role. */
function RoleButtons({ email, role }: { email: string; role: Role }) {
  return (
    <div className="actions">
      {ROLES.filter((r) => r !== role).map((r) => (
        <Form method="post" key={r}>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="role" value={r} />
          <button type="submit" className={r === "resident" ? "secondary" : undefined}>
            {BUTTON_WORDS[r]}
            <span className="visually-hidden">: {email}</span>
          </button>
        </Form>
      ))}
    </div>
  );
}

const FROM_ENV = "Made an admin again at every start by ADMIN_EMAILS: take it out of that setting too.";

export default function AdminPeoplePage() {
  const { you, staff, search, searchError, found } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>People and roles</h1>
      <p className="lead">
        Admins run the whole desk. Moderators work the moderation queue. Everyone else is a resident. A change takes
        effect on the person’s next page.
      </p>
      {found && params.get("changed") === "1" ? (
        <p className="notice" role="status">
          {found.email} is now {ROLE_WITH_ARTICLE[found.role]}.
        </p>
      ) : null}
      {found && params.get("reset") === "1" ? (
        <p className="notice" role="status">
          {found.email}’s authenticator app is reset and their sessions have ended: they set up a new one at their next
          sign-in.
        </p>
      ) : null}
      <FormAlert reply={result} />

      <h2>Find a person</h2>
      <Form method="get" className="filters card" aria-label="Find a person by email">
        <Field
          meta={{
            id: "find-email",
            name: "email",
            errorId: "find-email-error",
            descriptionId: "find-email-hint",
            errors: searchError ? [searchError] : undefined,
            initialValue: search,
          }}
          label="Email address"
          hint="The address they sign in with"
          type="email"
          autoComplete="off"
        />
        <button type="submit">Find</button>
      </Form>
      {found ? (
        <section className="card" aria-labelledby="found-person" data-testid="found-person">
          <h3 id="found-person">{found.email}</h3>
          <p>
            {found.hasAccount
              ? `${found.email} is ${ROLE_WITH_ARTICLE[found.role]}.`
              : "No account yet. Giving a role makes one; they sign in with a link emailed to this address."}
            {found.fromEnv ? ` ${FROM_ENV}` : ""}
          </p>
          <RoleButtons email={found.email} role={found.role} />
        </section>
      ) : null}

      <h2>Admins and moderators</h2>
      {staff.length === 0 ? (
        <p>No one has a role yet.</p>
      ) : (
        <ul className="pledge-list people-list">
          {staff.map((p) => (
            <li key={p.id} className="card" data-person={p.email}>
              <p>
                <strong>{p.email}</strong>
                {p.id === you ? " (you)" : ""}: {p.role}
                {p.fromEnv ? <span className="hint"> {FROM_ENV}</span> : null}
              </p>
              <RoleButtons email={p.email} role={p.role} />
              <ResetTwoFactorButton email={p.email} />
            </li>
          ))}
        </ul>
      )}

      <h2>Good to know</h2>
      <ul>
        <li>The last admin cannot be made anything else: make someone else an admin first.</li>
        <li>
          Addresses in the <code>ADMIN_EMAILS</code> setting are made admins again every time the site starts. To take
          the role from one for good, remove it from that setting as well.
        </li>
        <li>
          Someone who lost their phone and their recovery codes: reset their authenticator app here (or run{" "}
          <code>npm run admin:reset-2fa -- their@address</code>). Their sessions end; they set up a new app at their
          next sign-in.
        </li>
        <li>
          Every change is in the <Link to="/admin/audit?action=role.">audit log</Link>, with who made it and when.
        </li>
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
