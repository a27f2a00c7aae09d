import { Heading, Text } from "@react-email/components";
import { KIND_NAMES, type ModerationKind } from "../app/models/moderation";
import { EmailLayout } from "./layout";

export type ModerationHiddenProps = {
  kind: ModerationKind;
  /** a few words naming what was hidden: the pledge's words, the organisation's or event's name */
  title: string;
  /** the moderator's reason, as they wrote it */
  reason: string;
  /** why this address hears about it: "… because {because}." */
  because: string;
};

export const subject = (props?: ModerationHiddenProps) =>
  `Your ${props ? KIND_NAMES[props.kind] : "post"} on Salford Social Value City has been hidden`;

export default function ModerationHiddenEmail({ kind, title, reason, because }: ModerationHiddenProps) {
  const name = KIND_NAMES[kind];
  return (
    <EmailLayout preview={`The Alliance's moderators have hidden your ${name}`} reason={because}>
      <Heading as="h1">Your {name} has been hidden</Heading>
      <Text>
        The Salford Social Value Alliance’s moderators have hidden your {name}, {title}, from the public pages of
        Salford Social Value City, for this reason:
      </Text>
      <Text style={{ fontStyle: "italic" }}>{reason}</Text>
      {kind === "pledge" ? (
        <Text>
          Your pledge still counts in Salford’s tally, shown as “a Salford resident’s pledge” instead of your words.
        </Text>
      ) : null}
      <Text>If you think this is a mistake, or you have changed it, reply to this email and we will look again.</Text>
    </EmailLayout>
  );
}

ModerationHiddenEmail.PreviewProps = {
  kind: "pledge",
  title: "“I will visit my neighbour every week.”",
  reason: "It names a neighbour and where they live: please keep other people's details out of your pledge.",
  because: "this address was used to make a pledge",
} satisfies ModerationHiddenProps;
