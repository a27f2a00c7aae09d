/** Where a page can be shared: plain links, so they work without JavaScript. */
export function shareTargets({ url, text, subject }: { url: string; text: string; subject: string }) {
  const enc = encodeURIComponent;
  return [
    { name: "email", href: `mailto:?subject=${enc(subject)}&body=${enc(`${text}\n\n${url}`)}` },
    { name: "WhatsApp", href: `https://wa.me/?text=${enc(`${text} ${url}`)}` },
    { name: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${enc(url)}` },
    { name: "X", href: `https://x.com/intent/post?text=${enc(text)}&url=${enc(url)}` },
    { name: "LinkedIn", href: `https://www.linkedin.com/sharing/share-offsite/?url=${enc(url)}` },
  ];
}

/** Share links and the address itself, to copy. */
export function ShareLinks({
  url,
  text,
  subject,
  label = "this page",
}: {
  url: string;
  text: string;
  subject: string;
  /** what is shared, for the links' names: "this campaign" */
  label?: string;
}) {
  return (
    <>
      <ul className="share-links">
        {shareTargets({ url, text, subject }).map((target) => (
          <li key={target.name}>
            {target.href.startsWith("mailto:") ? (
              <a href={target.href}>Share {label} by email</a>
            ) : (
              <a href={target.href} target="_blank" rel="noopener noreferrer">
                Share {label} on {target.name}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            )}
          </li>
        ))}
      </ul>
      <p>
        Or copy the link: <code className="share-url">{url}</code>
      </p>
    </>
  );
}
