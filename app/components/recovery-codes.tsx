import { Link } from "@remix-run/react";

/** The ten recovery codes, shown once (only their hashes are kept), with what to do with them. */
export function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo: string }) {
  return (
    <section className="card" aria-labelledby="recovery-codes-heading">
      <h2 id="recovery-codes-heading">Your recovery codes</h2>
      <p>
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Print them or keep
        them in a password manager now: <strong>they will not be shown again.</strong>
      </p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <Link to={continueTo}>I have kept my recovery codes: continue</Link>
      </p>
    </section>
  );
}
