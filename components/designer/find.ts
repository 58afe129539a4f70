/**
 * Finding a component by name: every word of the query must appear in the component's id,
 * label or kind (case-insensitive); an id that starts with the query ranks first, then a
 * label that does, then the rest in the design's order.
 */
export interface FindItem {
  id: string;
  label?: string;
  kind: string;
}

/** At most this many matches are listed. */
export const MAX_FIND_RESULTS = 50;

export function findComponents(items: readonly FindItem[], query: string): FindItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const q = words.join(" ");
  const scored: { item: FindItem; rank: number; index: number }[] = [];
  items.forEach((item, index) => {
    const id = item.id.toLowerCase();
    const label = (item.label ?? "").toLowerCase();
    const hay = `${id} ${label} ${item.kind.toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) return;
    const rank = q === "" ? 2 : id === q ? 0 : id.startsWith(q) ? 1 : label.startsWith(q) ? 1.5 : 2;
    scored.push({ item, rank, index });
  });
  scored.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return scored.slice(0, MAX_FIND_RESULTS).map((s) => s.item);
}
