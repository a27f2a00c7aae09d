import { QUALITIES } from "./qualities";
import { SECTORS } from "./sectors";

/** The qualities and sectors as filter options. */
export const QUALITY_OPTIONS = QUALITIES.map((q) => ({ value: q.key, label: q.name }));
export const SECTOR_OPTIONS = SECTORS.map((s) => ({ value: s.key, label: s.name }));
