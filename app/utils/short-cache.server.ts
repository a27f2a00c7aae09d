/**
 * Reads that every visitor makes (the tally, the running campaigns, the
 * milestones) are reused for a moment within a process, so a spike of visitors
 * does not become a spike of reads. A failed read is not kept.
 */
export function shortCache<T>(maxAgeMs: () => number, keep: (value: T) => boolean = () => true) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return function cached(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = entries.get(key);
    if (entry && now - entry.at < maxAgeMs()) return entry.value;
    const value = load();
    entries.set(key, { at: now, value });
    value.then(
      (loaded) => {
        if (!keep(loaded) && entries.get(key)?.value === value) entries.delete(key);
      },
      () => {
        if (entries.get(key)?.value === value) entries.delete(key);
      },
    );
    return value;
  };
}
