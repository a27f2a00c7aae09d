import { SECTORS } from "~/reference/sectors";
import { prisma } from "~/utils/db.server";
import { readWardShapes } from "~/utils/reference.server";

/**
 * Seeds what every environment needs in the database (sectors and wards, which
 * organisations and pledges refer to) from the project's reference files.
 * Idempotent: run at every start, it changes only what changed. The qualities,
 * commitment suggestions and the postcode lookup are read from app/reference
 * itself, never from the database.
 */
export async function seedReferenceData() {
  await prisma.$transaction(async (tx) => {
    for (const [i, sector] of SECTORS.entries()) {
      const fields = { name: sector.name, sortOrder: i };
      await tx.sector.upsert({ where: { key: sector.key }, create: { key: sector.key, ...fields }, update: fields });
    }
    for (const { properties: ward } of readWardShapes().features) {
      const fields = { name: ward.name, slug: ward.slug, population: ward.population };
      await tx.ward.upsert({ where: { code: ward.code }, create: { code: ward.code, ...fields }, update: fields });
    }
  });
}
