/** The edge legend: each line and head as drawn on the canvas, using the canvas's markers. */

const ENTRIES = [
  { key: "sync", label: "Sync call", className: "as-edge--sync", head: "filled" },
  { key: "data", label: "Query / cache", className: "as-edge--data", head: "filled" },
  { key: "publish", label: "Publish", className: "as-edge--publish", head: "open" },
  { key: "subscribe", label: "Subscription", className: "as-edge--subscribe", head: "open" },
  { key: "depends", label: "Depends on", className: "as-edge--depends", head: "faint" },
] as const;

export function EdgeLegend() {
  return (
    <ul className="as-legend" aria-label="Edge legend" data-testid="edge-legend">
      {ENTRIES.map((e) => (
        <li key={e.key} className="as-legend-item">
          <svg width="40" height="12" viewBox="0 0 40 12" aria-hidden="true">
            <path d="M2,6 H37" className={`as-edge ${e.className}`} markerEnd={`url(#as-head-${e.head})`} />
          </svg>
          <span>{e.label}</span>
        </li>
      ))}
    </ul>
  );
}
