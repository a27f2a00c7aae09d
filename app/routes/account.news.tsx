import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Choice } from "~/components/forms";
import { NewsConsentSchema } from "~/models/announcement";
import { getNewsConsent, setNewsConsent } from "~/models/announcement.server";
import { requireUser } from "~/guards/session.server";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";

export const meta: MetaFunction = () => [
  { title: "The Alliance’s news | Salford Social Value City" },
  metaDescription("Choose whether your account gets the Salford Social Value Alliance's news by email."),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { email: user.email, newsConsent: await getNewsConsent(user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: NewsConsentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await setNewsConsent(user, Boolean(submission.value.newsConsent));
  return redirect(`/account/news?saved=${submission.value.newsConsent ? "on" : "off"}`);
}

/**
 * The news checkbox on its own form, posting here: the account page can show
 * it with `<NewsConsentForm newsConsent={…} />` (getNewsConsent in its loader).
 */
export function NewsConsentForm({ newsConsent }: { newsConsent: boolean }) {
  return (
    <Form method="post" action="/account/news" className="news-consent">
      <Choice
        type="checkbox"
        id="news-consent"
        name="newsConsent"
        value="on"
        defaultChecked={newsConsent}
        label="Email me the Alliance’s news"
        aria-describedby="news-consent-hint"
      />
      <p className="hint" id="news-consent-hint">
        A few emails a year from the Salford Social Value Alliance about the movement. Every one has a link to stop
        them.
      </p>
      <button type="submit" className="secondary">
        Save my choice
      </button>
    </Form>
  );
}

export default function AccountNewsPage() {
  const { email, newsConsent } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <>
      <p>
        <Link to="/account">Your account</Link>
      </p>
      <h1>The Alliance’s news</h1>
      {saved ? (
        <p className="notice" role="status">
          {saved === "on" ? "Saved: we will email you the Alliance’s news." : "Saved: no news emails to your account."}
        </p>
      ) : null}
      <p>
        For {email}. If you made a pledge, you chose about news on it; this is the choice for your account as an
        organisation member.
      </p>
      <NewsConsentForm newsConsent={newsConsent} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
