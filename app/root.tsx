import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { getUser } from "./guards/session.server";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { metaDescription } from "./utils/meta";
import { useNonce } from "./utils/nonce-provider";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Salford Social Value City" },
  metaDescription("Make a Social Value City pledge for Salford and watch the movement grow."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  // An admin or moderator still to pass the second factor keeps the Admin link: /admin asks for the code.
  return { user: user ? { email: user.email, role: user.secondFactorPending ?? user.role } : null };
}

/** A route that says `handle = { kiosk: true }` is shown on a stall's tablet to one person after another. */
export type KioskHandle = { kiosk?: boolean };

export function Layout({ children }: { children: ReactNode }) {
  const user = useRouteLoaderData<typeof loader>("root")?.user;
  const nonce = useNonce();
  // At a kiosk the organiser is signed in and the next person holds the tablet: no way from it into the
  // organiser's account, the admin pages or anywhere else on the site, only the kiosk's own form.
  const kiosk = useMatches().some((match) => (match.handle as KioskHandle | undefined)?.kiosk === true);
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <header className="site-header">
          <div className="inner">
            {kiosk ? (
              <span className="brand">Salford Social Value City</span>
            ) : (
              <Link to="/" className="brand">
                Salford Social Value City
              </Link>
            )}
            {kiosk ? null : (
              <nav className="site-nav" aria-label="Main">
                <ul>
                  <li>
                    <Link to="/pledge">Make a pledge</Link>
                  </li>
                  <li>
                    <Link to="/pledges">Pledges</Link>
                  </li>
                  <li>
                    <Link to="/campaigns">Campaigns</Link>
                  </li>
                  <li>
                    <Link to="/events">Events</Link>
                  </li>
                  <li>
                    <Link to="/map">Map</Link>
                  </li>
                  <li>
                    <Link to="/organisations">Organisations</Link>
                  </li>
                  {user?.role === "admin" || user?.role === "moderator" ? (
                    <li>
                      <Link to="/admin">Admin</Link>
                    </li>
                  ) : null}
                  {user ? (
                    <>
                      <li>
                        <Link to="/account">Your account</Link>
                      </li>
                      <li>
                        <Form method="post" action="/logout" className="inline-form">
                          <button type="submit" className="link-button">
                            Sign out
                          </button>
                        </Form>
                      </li>
                    </>
                  ) : (
                    <li>
                      <Link to="/login">Sign in</Link>
                    </li>
                  )}
                </ul>
              </nav>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="inner">
            {kiosk ? null : (
              <p>
                <Link to="/stories">Stories from the CLES report</Link> ·{" "}
                <Link to="/organisations/new">Register an organisation</Link>
              </p>
            )}
            <p>
              Run by the Salford Social Value Alliance. Ward and postcode data: Contains National Statistics and OS data
              © Crown copyright and database right 2025; contains Royal Mail data © Royal Mail copyright and database
              right 2025 (Open Government Licence v3.0).
            </p>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
