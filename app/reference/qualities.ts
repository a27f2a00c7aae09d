/**
 * The four qualities of the CLES report for the Salford Social Value Alliance,
 * with the report's own wording (from its published summary), and pledges a resident might
 * make under each. Seeded into the database; keys never change.
 */
export const QUALITY_KEYS = ["values", "delivery", "partnerships", "operations"] as const;
export type QualityKey = (typeof QUALITY_KEYS)[number];

export type QualityDefinition = {
  key: QualityKey;
  name: string;
  /** One sentence for the pledge form. */
  summary: string;
  /** The report's description. */
  description: string;
  suggestions: { id: string; text: string }[];
  /** Ideas for keeping a pledge of this quality: one goes in each nudge. */
  ideas: string[];
};

export const QUALITIES: QualityDefinition[] = [
  {
    key: "values",
    name: "Values and ethos",
    summary: "Treating everyone with respect and understanding, without judgement.",
    description:
      "Treating all individuals with respect, understanding and valuing them without judgement. Strong values and this clear ethos are captured throughout the organisation’s operations and their relationships with both their staff and beneficiaries.",
    suggestions: [
      { id: "values-respect", text: "I will treat everyone I meet with respect and without judgement." },
      { id: "values-neighbour", text: "I will get to know a neighbour I have not spoken to before." },
      { id: "values-speak-up", text: "I will speak up when I see someone treated unfairly." },
    ],
    ideas: [
      "Say hello to someone on your street you usually walk past.",
      "Next time someone gets a hard time, say something kind out loud.",
      "Ask someone how they are, and wait for the real answer.",
    ],
  },
  {
    key: "delivery",
    name: "Delivery",
    summary: "Seeing the people you help as unique individuals, not as “clients”.",
    description:
      "Demonstrating a strong ability to recognise the people they work with as unique individuals rather than ‘clients’. The strong values and ethos therefore inform the approach to delivery.",
    suggestions: [
      { id: "delivery-listen", text: "I will ask the people I help what they need, and listen, rather than assume." },
      { id: "delivery-volunteer", text: "I will volunteer an hour a month with a Salford community group." },
      { id: "delivery-buy-local", text: "I will buy from Salford businesses and social enterprises when I can." },
    ],
    ideas: [
      "Ask one person you help what would make the biggest difference to them.",
      "Give an hour this month to a Salford group: Salford CVS lists who needs volunteers.",
      "Choose a Salford business or social enterprise for something you buy this week.",
    ],
  },
  {
    key: "partnerships",
    name: "Partnerships",
    summary: "Keeping in touch and working with local organisations, in and beyond your own field.",
    description:
      "Building relationships and having regular contact with local organisations, both within and outside their sector and realm of expertise. An impressive level of partnership working and recognition of the importance of collaborative working.",
    suggestions: [
      { id: "partnerships-join", text: "I will join or support a local community group in my ward." },
      { id: "partnerships-introduce", text: "I will introduce two people or groups who could help each other." },
      { id: "partnerships-meeting", text: "I will go to a community meeting in my area this year." },
    ],
    ideas: [
      "Put two people you know in touch who could help each other.",
      "Go along to one community meeting or event in your ward.",
      "Ask a local group what they need, and pass it on to someone who can help.",
    ],
  },
  {
    key: "operations",
    name: "Internal operations and practice",
    summary: "Planning and reviewing with those values, and respecting everyone’s view.",
    description:
      "Internal planning and review is shaped according to the strong values and ethos including a clear level of respect and acknowledgement of the importance of the views of all staff.",
    suggestions: [
      { id: "operations-every-voice", text: "I will make sure everyone’s view is heard in the groups I am part of." },
      { id: "operations-welcome", text: "I will help a newcomer at work or in my group find their feet." },
      { id: "operations-review", text: "I will review how my household or team spends, to spend more of it locally." },
    ],
    ideas: [
      "In your next meeting, ask the quietest person what they think.",
      "Welcome a newcomer properly: show them round and introduce them.",
      "Look at one regular spend and see if a Salford supplier could do it.",
    ],
  },
];

export const QUALITY_BY_KEY = new Map(QUALITIES.map((q) => [q.key, q]));
export const SUGGESTION_BY_ID = new Map(
  QUALITIES.flatMap((q) => q.suggestions.map((s) => [s.id, { ...s, quality: q.key }] as const)),
);
