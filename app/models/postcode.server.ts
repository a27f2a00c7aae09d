import { z } from "zod";
import { notInSalford, POSTCODE_INVALID } from "./postcode";
import { lookupPostcode } from "./ward.server";

/**
 * The one Salford-postcode rule, for every form that asks for one (a pledge,
 * an organisation): a real UK postcode, and in Salford. Joined to the form's
 * schema with .and, so its error shows together with the others rather than
 * only once the rest are right. A missing postcode is the form schema's to
 * report. Trimmed as the form schemas trim it: the two sides of .and must
 * agree on the value.
 */
export const SalfordPostcodeSchema = z.object({
  postcode: z
    .string()
    .trim()
    .optional()
    .superRefine((raw, ctx) => {
      if (!raw) return;
      const place = lookupPostcode(raw);
      if (place.status === "invalid") ctx.addIssue({ code: "custom", message: POSTCODE_INVALID });
      if (place.status === "outside-salford") ctx.addIssue({ code: "custom", message: notInSalford(place.postcode) });
    }),
});
