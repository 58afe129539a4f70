"use client";
/** The `?` dialog: every keyboard shortcut of the editor. */
import { useEffect, useRef } from "react";

export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: "Ctrl/⌘ + Z", action: "Undo" },
  { keys: "Ctrl/⌘ + Shift + Z, Ctrl + Y", action: "Redo" },
  { keys: "Ctrl/⌘ + S", action: "Save now" },
  { keys: "Delete, Backspace", action: "Delete the selection (with its connections)" },
  { keys: "F2, double-click", action: "Rename the selected component" },
  { keys: "Ctrl/⌘ + K", action: "Find a component by name" },
  { keys: "Ctrl/⌘ + C, X, V", action: "Copy, cut, paste the selected components (also between designs)" },
  { keys: "Ctrl/⌘ + D", action: "Duplicate the selection" },
  { keys: "Shift + L", action: "Arrange the design automatically" },
  { keys: "Shift + drag", action: "Select with a box" },
  { keys: "Ctrl/⌘/Shift + click", action: "Add to the selection" },
  { keys: "?", action: "Show these shortcuts" },
  { keys: "Escape", action: "Close a dialog" },
];

export function ShortcutsDialog({
  shortcuts,
  onClose,
}: {
  shortcuts: readonly { keys: string; action: string }[];
  onClose(): void;
}) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="as-dialog-backdrop" onMouseDown={onClose}>
      <div
        className="as-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
        }}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table className="as-shortcuts">
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="as-dialog-actions">
          <button ref={close} type="button" className="as-primary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
