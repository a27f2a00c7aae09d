import { Form } from "@remix-run/react";

/**
 * A button that changes a thing's status (publish, archive, back to draft): a
 * plain form that posts only its intent, so it works without JavaScript.
 */
export function StatusButton({ intent, label, secondary }: { intent: string; label: string; secondary?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={secondary ? "secondary" : undefined}>
        {label}
      </button>
    </Form>
  );
}
