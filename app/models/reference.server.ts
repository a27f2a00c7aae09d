import { QUALITIES } from "~/reference/qualities";
import { SECTORS } from "~/reference/sectors";
import { prisma } from "~/utils/db.server";
import { readPostcodes, readWardShapes } from "~/utils/reference.server";

/**
 * Seeds what every environment needs (qualities, suggestions, sectors, wards,
 * the postcode lookup) from the project's derived reference files. Idempotent:
 * run at every start, it changes only what changed.
 */
export async function seedReferenceData() {
  await prisma.$transaction(async (tx) => {
    for (const [i, quality] of QUALITIES.entries()) {
      const fields = { name: quality.name, description: quality.description, sortOrder: i };
      await tx.quality.upsert({ where: { key: quality.key }, create: { key: quality.key, ...fields }, update: fields });
      for (const [j, suggestion] of quality.suggestions.entries()) {
        const row = { qualityKey: quality.key, text: suggestion.text, sortOrder: j };
        await tx.qualitySuggestion.upsert({ where: { id: suggestion.id }, create: { id: suggestion.id, ...row }, update: row });
      }
    }
    for (const [i, sector] of SECTORS.entries()) {
      const fields = { name: sector.name, sortOrder: i };
      await tx.sector.upsert({ where: { key: sector.key }, create: { key: sector.key, ...fields }, update: fields });
    }
    for (const { properties: ward } of readWardShapes().features) {
      const fields = { name: ward.name, slug: ward.slug, population: ward.population };
      await tx.ward.upsert({ where: { code: ward.code }, create: { code: ward.code, ...fields }, update: fields });
    }
  });
  const postcodes = [...readPostcodes().values()];
  const known = await prisma.postcode.count();
  if (known !== postcodes.length) {
    await prisma.postcode.createMany({
      data: postcodes.map(({ postcode, wardCode, lat, lon }) => ({ postcode, wardCode, lat, lon })),
      skipDuplicates: true,
    });
  }
}
