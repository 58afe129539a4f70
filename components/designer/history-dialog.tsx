"use client";
/**
 * The version history of a design: every saved version, newest first; pick one to see how
 * it differs from the text now, and restore it. Restoring is an edit like any other: one
 * undo step, saved as a new version on top of the current one, so nothing is ever lost.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { DesignApiClient, VersionSummary } from "../store/design-api-client";
import { diffLines } from "../../model";

type Props = {
  client: DesignApiClient;
  designId: string;
  currentText: string;
  onRestore(text: string, version: number): void;
  onClose(): void;
};

export function HistoryDialog({ client, designId, currentText, onRestore, onClose }: Props) {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ version: number; yaml: string } | null>(null);
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    close.current?.focus();
    let cancelled = false;
    client.versions(designId).then(
      (v) => !cancelled && setVersions(v),
      (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, designId]);

  const pick = (version: number) => {
    client.version(designId, version).then(
      (v) => setPicked({ version: v.version, yaml: v.yaml }),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };

  const diff = useMemo(() => (picked ? diffLines(currentText, picked.yaml) : null), [picked, currentText]);
  const changed = diff ? diff.filter((l) => l.kind !== "same").length : 0;

  return (
    <div className="as-dialog-backdrop" onMouseDown={onClose}>
      <div
        className="as-dialog as-history"
        role="dialog"
        aria-modal="true"
        aria-labelledby="history-title"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
        }}
      >
        <h2 id="history-title">Version history</h2>
        {error ? <p className="as-field-error">Could not load the history: {error}</p> : null}
        <div className="as-history-body">
          <ul className="as-history-list" aria-label="Versions">
            {versions === null && !error ? <li>Loading…</li> : null}
            {versions?.map((v) => (
              <li key={v.version}>
                <button
                  type="button"
                  aria-pressed={picked?.version === v.version}
                  onClick={() => pick(v.version)}
                  aria-label={`Version ${v.version}`}
                >
                  <strong>Version {v.version}</strong>
                  <span>{new Date(v.savedAt).toLocaleString()}</span>
                  <span>
                    {v.name} · {v.bytes.toLocaleString()} bytes
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className="as-history-diff" aria-label="Changes" role="region">
            {diff ? (
              <>
                <p className="as-hint">
                  {changed === 0
                    ? `Version ${picked!.version} is the text you have now.`
                    : `Restoring version ${picked!.version} changes ${changed} line${changed === 1 ? "" : "s"}: − now, + version ${picked!.version}.`}
                </p>
                <pre>
                  {diff.map((l, i) => (
                    <div key={i} className={`as-diff-${l.kind}`}>
                      {l.kind === "removed" ? "− " : l.kind === "added" ? "+ " : "  "}
                      {l.text}
                    </div>
                  ))}
                </pre>
              </>
            ) : (
              <p className="as-hint">Pick a version to see how it differs from the text now.</p>
            )}
          </div>
        </div>
        <div className="as-dialog-actions">
          <button ref={close} type="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="as-primary"
            disabled={!picked || changed === 0}
            onClick={() => {
              if (!picked) return;
              onRestore(picked.yaml, picked.version);
              onClose();
            }}
          >
            Restore this version
          </button>
        </div>
      </div>
    </div>
  );
}
