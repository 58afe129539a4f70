/** Shown instead of the canvas when a design does not parse: every error with its place. */
import "./designer.css";
import type { DesignDiagnostic } from "../../model";

export type DesignErrorsProps = { source: string; errors: readonly DesignDiagnostic[] };

export function DesignErrors({ source, errors }: DesignErrorsProps) {
  return (
    <main className="as-errors" data-testid="design-errors">
      <h1>
        {source} has {errors.length === 1 ? "an error" : `${errors.length} errors`}
      </h1>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code>
              {source}:{e.line}:{e.col}
            </code>{" "}
            {e.path ? <code>{e.path}</code> : null} {e.message}
          </li>
        ))}
      </ul>
    </main>
  );
}
