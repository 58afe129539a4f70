"use client";
/** The parts of the design list: the new-design form and the list of files that were not imported. */
import { useState } from "react";
import type { ApiError, ExampleSummary } from "../../model";
import { UNTITLED } from "./design-names";

/** The "Start from" choice of a blank design (the others are example ids). */
export const BLANK = "";
/** At most this many of a file's errors are listed; the rest are counted. */
const ERRORS_SHOWN = 20;

/** A file that was not imported, and why. */
export type ImportProblem = { file: string; message: string; errors: ApiError[] };

export function NewDesignForm({
  examples,
  busy,
  onCreate,
}: {
  examples: ExampleSummary[];
  busy: boolean;
  onCreate(name: string, start: string): void;
}) {
  const [name, setName] = useState("");
  const [start, setStart] = useState(BLANK);
  const example = examples.find((e) => e.id === start);
  return (
    <form
      className="as-designs-new"
      aria-labelledby="new-title"
      onSubmit={(e) => {
        e.preventDefault();
        onCreate(name, start);
      }}
    >
      <h2 id="new-title">New design</h2>
      <div className="as-designs-new-fields">
        <label className="as-field">
          <span>Start from</span>
          <select value={start} onChange={(e) => setStart(e.target.value)}>
            <option value={BLANK}>Blank design</option>
            {examples.length ? (
              <optgroup label="Examples">
                {examples.map((ex) => (
                  <option key={ex.id} value={ex.id}>
                    {ex.name} ({ex.components === 1 ? "1 component" : `${ex.components} components`})
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </label>
        <label className="as-field">
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={example?.name ?? UNTITLED}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <button type="submit" className="as-button-primary" disabled={busy}>
          Create
        </button>
      </div>
      {example?.description ? <p className="as-designs-hint">{example.description}</p> : null}
    </form>
  );
}

export function ImportProblems({ problems, onDismiss }: { problems: ImportProblem[]; onDismiss(): void }) {
  return (
    <section className="as-designs-problems" role="alert" aria-labelledby="problems-title">
      <div className="as-designs-problems-head">
        <h2 id="problems-title">
          {problems.length === 1 ? "1 file was not imported" : `${problems.length} files were not imported`}
        </h2>
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      {problems.map((p, i) => (
        <div key={i} className="as-designs-problem">
          <p>
            <strong className="as-break">{p.file}</strong>: {p.message}
          </p>
          {p.errors.length ? (
            <ul>
              {p.errors.slice(0, ERRORS_SHOWN).map((e, j) => (
                <li key={j}>
                  {e.line > 0 ? (
                    <code className="as-designs-at">
                      {e.line}:{e.col}
                    </code>
                  ) : null}
                  {e.path ? <code className="as-designs-path">{e.path}</code> : null}
                  <span>{e.message}</span>
                </li>
              ))}
              {p.errors.length > ERRORS_SHOWN ? <li>and {p.errors.length - ERRORS_SHOWN} more</li> : null}
            </ul>
          ) : null}
        </div>
      ))}
    </section>
  );
}
