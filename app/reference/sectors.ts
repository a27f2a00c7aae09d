/** The five sectors of the CLES report, one example organisation each. */
export const SECTORS = [
  { key: "social-enterprise", name: "Social enterprise" },
  { key: "charity", name: "Charity" },
  { key: "private-business", name: "Private business" },
  { key: "public-service", name: "Public service provider" },
  { key: "community-group", name: "Community group" },
] as const;

export const SECTOR_KEYS = SECTORS.map((s) => s.key) as [string, ...string[]];
