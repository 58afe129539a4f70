"use client";
/**
 * The run panel's views as tabs (WAI-ARIA tabs: arrow keys, Home and End move between them,
 * the chosen tab's panel alone is mounted, so only the chosen tab has `aria-controls`). Each
 * view lives in its own file and is listed by run-panel.tsx; the panel keeps which tab is open
 * across runs. A tab's badge is read after its label with a pause ("SLOs, 1 fail").
 */
import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";

export type RunTab = {
  id: string;
  label: string;
  /** A short figure next to the label (say, "2 fail"), or nothing. */
  badge?: string;
  render: () => ReactNode;
};

export function RunTabs({
  tabs,
  active,
  onChange,
}: {
  tabs: readonly RunTab[];
  active: string;
  onChange: (id: string) => void;
}) {
  const base = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  if (!current) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((t) => t.id === current.id);
    const next =
      e.key === "ArrowRight"
        ? tabs[(i + 1) % tabs.length]
        : e.key === "ArrowLeft"
          ? tabs[(i - 1 + tabs.length) % tabs.length]
          : e.key === "Home"
            ? tabs[0]
            : e.key === "End"
              ? tabs[tabs.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    onChange(next.id);
    listRef.current?.querySelector<HTMLButtonElement>(`[data-tab="${next.id}"]`)?.focus();
  };

  return (
    <div className="as-run-tabs">
      <div role="tablist" aria-label="Run views" ref={listRef} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            data-tab={t.id}
            aria-selected={t.id === current.id}
            aria-controls={t.id === current.id ? `${base}-panel-${t.id}` : undefined}
            aria-label={t.badge ? `${t.label}, ${t.badge}` : undefined}
            tabIndex={t.id === current.id ? 0 : -1}
            onClick={() => onChange(t.id)}
          >
            {t.label}
            {t.badge ? <span className="as-run-tab-badge">{t.badge}</span> : null}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${base}-panel-${current.id}`}
        aria-labelledby={`${base}-tab-${current.id}`}
        className="as-run-tabpanel"
      >
        {current.render()}
      </div>
    </div>
  );
}
