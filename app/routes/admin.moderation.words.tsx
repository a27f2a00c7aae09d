import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { requireRole } from "~/guards/session.server";
import { normaliseListedWord } from "~/models/moderation";
import { addWord, listWords, removeWord } from "~/models/moderation-words.server";
import { NO_NUL_MESSAGE } from "~/models/pledge";
import { formatDate } from "~/utils/dates";
import { readForm } from "~/utils/form.server";
import { metaDescription } from "~/utils/meta";
import { isStorableText } from "~/utils/storable-text";

export const meta: MetaFunction = () => [
  { title: "The filter's word list | Alliance admin" },
  metaDescription("The words and phrases that hold what people publish for a moderator to check."),
];

/** Moderators may read the list (it says why the filter held something); only admins change it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  return { words: await listWords(), canEdit: user.role === "admin" };
}

const WORD_MAX = 60;
const ENTER_WORD = "Enter a word or phrase";

const WordText = z
  .string({ required_error: ENTER_WORD })
  .trim()
  .min(1, ENTER_WORD)
  .max(WORD_MAX, `Keep it to ${WORD_MAX} characters or fewer`)
  .refine(isStorableText, NO_NUL_MESSAGE)
  // Stored folded, which can lengthen it (a ligature becomes its letters).
  .refine((word) => normaliseListedWord(word).length <= WORD_MAX, `Keep it to ${WORD_MAX} characters or fewer`)
  // The filter matches whole words: something with no letter or digit in it would never match.
  .refine((word) => /[\p{L}\p{N}]/u.test(word), "Include at least one letter or number");

const WordsSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), word: WordText }),
  z.object({ intent: z.literal("remove"), word: WordText }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: WordsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { intent, word } = submission.value;
  if (intent === "add") {
    if ((await addWord(user, word)) === "exists")
      return data(
        submission.reply({ fieldErrors: { word: [`“${normaliseListedWord(word)}” is on the list already`] } }),
        {
          status: 400,
        },
      );
    return redirect("/admin/moderation/words?done=added");
  }
  await removeWord(user, word);
  return redirect("/admin/moderation/words?done=removed");
}

const DONE: Record<string, string> = { added: "Added to the list.", removed: "Taken off the list." };

function AddForm({ lastResult }: { lastResult?: ReturnType<typeof useActionData<typeof action>> }) {
  const [form, fields] = useForm({
    id: "add-word",
    lastResult,
    constraint: getZodConstraint(WordsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WordsSchema }),
  });
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add" />
      <Field
        meta={fields.word}
        label="Word or phrase"
        hint="Matched as a whole word, whatever its case: “spam” holds “Spam!” but not “spammer”."
        maxLength={WORD_MAX}
        autoComplete="off"
      />
      <button type="submit">Add to the list</button>
    </Form>
  );
}

export default function ModerationWordsPage() {
  const { words, canEdit } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  return (
    <>
      <p>
        <Link to="/admin/moderation">Moderation</Link>
      </p>
      <h1>The filter’s word list</h1>
      <p className="lead">
        A pledge, check-in note, progress story, organisation or event containing one of these, or a web address, is
        held for a moderator to check before it shows.
      </p>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      {canEdit ? <AddForm lastResult={lastResult} /> : <p>Only admins can change the list.</p>}
      <h2>On the list ({words.length})</h2>
      {words.length === 0 ? <p>The list is empty: only web addresses are held.</p> : null}
      <ul className="word-list">
        {words.map((w) => (
          <li key={w.word}>
            <span>{w.word}</span> <span className="meta">(added {formatDate(w.addedAt)})</span>
            {canEdit ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="word" value={w.word} />
                <button type="submit" className="link-button">
                  Remove<span className="visually-hidden"> “{w.word}”</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
