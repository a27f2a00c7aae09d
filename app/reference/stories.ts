/**
 * The five Salford organisations CLES studied for the Salford Social Value
 * Alliance, as the report's published summary presents them. They are
 * stories, not accounts: they hold no pledges and count in no tally.
 */
export const REPORT_STORIES = [
  { slug: "smart-garage", name: "SMaRT Garage", sector: "Social enterprise" },
  { slug: "broughton-trust", name: "Broughton Trust", sector: "Charity" },
  { slug: "carbon-creative", name: "Carbon Creative", sector: "Private business" },
  {
    slug: "greater-manchester-fire-and-rescue-service",
    name: "Greater Manchester Fire and Rescue Service",
    sector: "Public service provider",
  },
  { slug: "lower-kersal-young-peoples-group", name: "Lower Kersal Young People’s Group", sector: "Community group" },
] as const;

export const REPORT_FINDINGS = {
  commissioned:
    "The Centre for Local Economic Strategies (CLES) was commissioned by the Salford Social Value Alliance to undertake in-depth case studies of five Salford organisations, to understand the working practices and organisational cultures most likely to deliver social value.",
  culture:
    "CLES concluded that it is a deep-rooted cultural impetus to ‘make a difference’ that fundamentally characterises the five organisations. This ingrained desire to ‘do good’ is apparent across all levels of the five organisations in their everyday practices and working ethos.",
  movement:
    "It is not specific changes in practice or policy that matter most to Salford as a Social Value City, but a social movement that encourages Salford citizens and organisations to connect with, reconnect with, or value their pre-existing drive to make a difference.",
};
