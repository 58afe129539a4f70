"use client";
/**
 * The design list's dialogs: rename and confirm delete. Native modal <dialog>s, so focus stays
 * inside, Escape closes and the page behind is inert.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { MAX_NAME_CHARS } from "./design-names";

type ModalProps = {
  role?: "dialog" | "alertdialog";
  labelledBy: string;
  describedBy?: string;
  onClose(): void;
  children: ReactNode;
};

function Modal({ role = "dialog", labelledBy, describedBy, onClose, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    // Not closed on unmount: a removed dialog leaves the top layer by itself, and closing it
    // here would fire `close` when React's strict mode remounts it.
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="as-modal"
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onClose={onClose}
      // A press on the backdrop (the dialog element itself, outside its content) closes it.
      onMouseDown={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="as-modal-body">{children}</div>
    </dialog>
  );
}

export function RenameDialog({
  name,
  onCancel,
  onRename,
}: {
  name: string;
  onCancel(): void;
  /** Renames; resolves to a message for the user when it did not. */
  onRename(to: string): Promise<string | null>;
}) {
  const id = useId();
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  return (
    <Modal labelledBy={`${id}-title`} onClose={onCancel}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          const problem = await onRename(value);
          setBusy(false);
          if (problem) {
            setError(problem);
            input.current?.focus();
          }
        }}
      >
        <h2 id={`${id}-title`}>Rename design</h2>
        <label className="as-field">
          <span>Name</span>
          <input
            ref={input}
            value={value}
            maxLength={MAX_NAME_CHARS + 50}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-note`}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <p
          id={`${id}-note`}
          className={error ? "as-field-problem" : "as-field-note"}
          role={error ? "alert" : undefined}
        >
          {error ?? "Saved as a new version; only the name: line of the text changes."}
        </p>
        <div className="as-modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="as-button-primary" disabled={busy}>
            {busy ? "Renaming…" : "Rename"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function DeleteDialog({
  name,
  versions,
  onCancel,
  onDelete,
}: {
  name: string;
  versions: number;
  onCancel(): void;
  /** Deletes; resolves to a message for the user when it did not. */
  onDelete(): Promise<string | null>;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal role="alertdialog" labelledBy={`${id}-title`} describedBy={`${id}-text`} onClose={onCancel}>
      <h2 id={`${id}-title`}>Delete this design?</h2>
      <p id={`${id}-text`}>
        <strong className="as-break">{name}</strong> and its{" "}
        {versions === 1 ? "one saved version" : `${versions} saved versions`} will be deleted. This cannot be undone.
      </p>
      {error ? (
        <p className="as-field-problem" role="alert">
          {error}
        </p>
      ) : null}
      <div className="as-modal-actions">
        {/* Cancel first and focused: Enter on a confirm dialog should not destroy. */}
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="as-button-danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const problem = await onDelete();
            setBusy(false);
            if (problem) setError(problem);
          }}
        >
          {busy ? "Deleting…" : "Delete"}
        </button>
      </div>
    </Modal>
  );
}
