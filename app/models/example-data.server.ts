import { QUALITIES, type QualityKey } from "~/reference/qualities";
import { prisma } from "~/utils/db.server";
import { readPostcodes, readWardShapes } from "~/utils/reference.server";
import { commitmentKey } from "./pledge-signup.server";
import { rebuildTally } from "./tally.server";

/**
 * Example pledges so a newcomer to a local copy sees a living site. Flagged
 * is_example, labelled "Example" wherever shown, only ever seeded into a new
 * embedded database, and removed again by DEMO=0.
 */
const FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Daniel", "Ewa", "Femi", "Grace", "Hassan", "Isla", "Jack", "Kiran", "Leah"];
const LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Doyle", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones"];
const OWN_WORDS = [
  "I will help out at the food bank in Eccles one Saturday a month.",
  "I will ask my employer to pay the Real Living Wage to everyone who works for us.",
  "I will run a monthly litter pick on my street with my neighbours.",
  "I will mentor a young person starting out in their first job.",
];
const EXAMPLE_COUNT = 160;

function exampleId(n: number) {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export async function seedExamplePledges(now = new Date()) {
  const wards = readWardShapes().features.map((f) => f.properties.code);
  const postcodeOfWard = new Map<string, string>();
  for (const p of readPostcodes().values()) if (!postcodeOfWard.has(p.wardCode)) postcodeOfWard.set(p.wardCode, p.postcode);
  const displays = ["full", "initial", "anonymous"];

  const rows = Array.from({ length: EXAMPLE_COUNT }, (_, i) => {
    const quality = QUALITIES[i % QUALITIES.length]!;
    const qualities: QualityKey[] = i % 5 === 0 ? [quality.key, QUALITIES[(i + 1) % 4]!.key] : [quality.key];
    const commitment = i % 7 === 3 ? OWN_WORDS[i % OWN_WORDS.length]! : quality.suggestions[i % quality.suggestions.length]!.text;
    // Five in every ward, then more in a few: a city that is not uniform.
    const wardCode = wards[i < 100 ? (i * 7) % wards.length : (i * 11) % 8]!;
    const confirmedAt = new Date(now.getTime() - (i * 31 + 7) * 3600 * 1000);
    return {
      id: exampleId(i + 1),
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 3) % LAST_NAMES.length]}`,
      nameDisplay: displays[i % 3]!,
      email: `example-${i + 1}@example.org`,
      emailNormalised: `example-${i + 1}@example.org`,
      postcode: postcodeOfWard.get(wardCode)!,
      wardCode,
      qualities,
      commitment,
      commitmentKey: commitmentKey(commitment),
      nudgeConsent: false,
      newsConsent: false,
      isExample: true,
      confirmedAt,
      createdAt: confirmedAt,
      updatedAt: confirmedAt,
    };
  });
  const { count } = await prisma.pledge.createMany({ data: rows, skipDuplicates: true });
  if (count > 0) await rebuildTally();
  return count;
}

export async function removeExamplePledges() {
  const { count } = await prisma.pledge.deleteMany({ where: { isExample: true } });
  if (count > 0) await rebuildTally();
  return count;
}
