"use client";
/** Ctrl/⌘+K: find a component by id, label or kind; Enter selects it and brings it into view. */
import { useId, useMemo, useRef, useState, useEffect } from "react";
import { findComponents, type FindItem } from "./find";

export function FindDialog({
  items,
  onPick,
  onClose,
}: {
  items: readonly FindItem[];
  onPick(id: string): void;
  onClose(): void;
}) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const matches = useMemo(() => findComponents(items, query), [items, query]);
  const current = Math.min(active, Math.max(0, matches.length - 1));
  useEffect(() => input.current?.focus(), []);
  const pick = (i: number) => {
    const m = matches[i];
    if (!m) return;
    onPick(m.id);
    onClose();
  };
  return (
    <div className="as-dialog-backdrop" onMouseDown={onClose}>
      <div
        className="as-dialog as-find"
        role="dialog"
        aria-modal="true"
        aria-label="Find a component"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          className="as-find-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches.length ? `${listId}-${current}` : undefined}
          aria-label="Component name, label or kind"
          placeholder="Find a component…"
          value={query}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive(Math.min(current + 1, matches.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive(Math.max(current - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              pick(current);
            } else if (e.key === "Escape") {
              e.preventDefault();
              onClose();
            }
          }}
        />
        <ul className="as-find-list" id={listId} role="listbox" aria-label="Matching components">
          {matches.map((m, i) => (
            <li
              key={m.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? "as-find-item as-find-item--active" : "as-find-item"}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(i)}
            >
              <span className="as-find-id">{m.id}</span>
              {m.label ? <span className="as-find-label">{m.label}</span> : null}
              <span className="as-find-kind">{m.kind}</span>
            </li>
          ))}
        </ul>
        {matches.length === 0 ? <p className="as-hint">No component matches “{query}”.</p> : null}
      </div>
    </div>
  );
}
