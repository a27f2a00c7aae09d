// The postcode field every form shares (browser and server), and the words of
// the Salford-postcode rule. The rule itself needs the postcode lookup, which
// only the server has: postcode.server.ts.
import { z } from "zod";

export const POSTCODE_REQUIRED = "Enter a Salford postcode";
export const POSTCODE_INVALID = "Enter a full UK postcode, like M5 4WT";
export const notInSalford = (postcode: string) =>
  `${postcode} is not in Salford. Use a postcode in Salford, like M5 4WT`;

export function PostcodeSchema() {
  return z.string({ required_error: POSTCODE_REQUIRED }).trim().min(1, POSTCODE_REQUIRED).max(10, POSTCODE_INVALID);
}
