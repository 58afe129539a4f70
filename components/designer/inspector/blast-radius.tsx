"use client";
/**
 * "If it goes down": the selected component's blast radius (model/blast-radius.ts), read from
 * the design before any run: which routes fail with it (it lies on their synchronous path),
 * fail for some requests, answer without it, or only queue work behind messages. After a run in
 * which the component was down (a scenario's crash or one injected from the run panel), each
 * prediction shows what the run observed in the crash window (simulator/blast-confirm.ts).
 */
import "./blast-radius.css";
import { useMemo } from "react";
import { useStore } from "zustand";
import { blastRadius, type BlastRadius, type RouteImpact } from "../../../model";
import {
  confirmBlastRadius,
  getCrashWindows,
  type BlastCheck,
  type BlastObservation,
} from "../../../simulator/blast-confirm";
import { getLastRunStore, type LastRun } from "../../store/last-run";
import { useInspector } from "./fields";

const IMPACT_TEXT: Readonly<Record<RouteImpact, { mark: string; label: string }>> = {
  fails: { mark: "✕", label: "fails" },
  partly: { mark: "!", label: "fails in part" },
  degraded: { mark: "–", label: "answers without it" },
  queues: { mark: "⧗", label: "work queues" },
  none: { mark: "✓", label: "unaffected" },
};

const CHECK_TEXT: Readonly<Record<BlastCheck, { mark: string; label: string }>> = {
  confirmed: { mark: "✓", label: "confirmed" },
  mismatch: { mark: "✗", label: "not what the run showed" },
  noData: { mark: "?", label: "no data" },
};

export function BlastRadiusSection({ id }: { id: string }) {
  const { doc } = useInspector();
  const design = useStore(doc, (s) => s.design);
  const lastRun = useStore(getLastRunStore(doc), (s) => s.run);
  const blast = useMemo(() => (design?.components[id] ? blastRadius(design, id) : null), [design, id]);
  const observed = useMemo(() => (blast && lastRun ? observe(blast, lastRun) : null), [blast, lastRun]);
  if (!blast) return null;
  return (
    <section className="as-inspector-section as-blast" aria-label="If it goes down" data-testid="blast-radius">
      <h3>If {id} goes down</h3>
      {blast.routes.length === 0 ? (
        <p className="as-inspector-empty">The design has no routes.</p>
      ) : (
        <ul className="as-blast-routes">
          {blast.routes.map((r) => (
            <li key={r.route} className={`as-blast-route as-blast-route--${r.impact}`} data-impact={r.impact}>
              <span className="as-blast-mark" aria-hidden="true">
                {IMPACT_TEXT[r.impact].mark}
              </span>
              <code className="as-blast-name">{r.route}</code>
              <span className="as-blast-impact">{IMPACT_TEXT[r.impact].label}</span>
              {r.path.length > 1 ? <span className="as-blast-path">via {r.path.join(" → ")}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {blast.blocksStarts.length > 0 ? (
        <p className="as-blast-starts">
          Cannot start or add replicas meanwhile: {blast.blocksStarts.join(", ")} (they list {id} in dependsOn).
        </p>
      ) : null}
      {observed ? <Confirmation id={id} run={lastRun!} rows={observed.rows} /> : null}
    </section>
  );
}

function observe(blast: BlastRadius, run: LastRun): { rows: BlastObservation[] } {
  return {
    rows: confirmBlastRadius(blast, getCrashWindows(blast.component, run.spans), run.result.timeseries ?? []),
  };
}

function Confirmation({ id, run, rows }: { id: string; run: LastRun; rows: readonly BlastObservation[] }) {
  const which = `${run.scenario}, seed ${run.seed}`;
  if (rows.length === 0)
    return (
      <p className="as-blast-unconfirmed" data-testid="blast-confirmed">
        The last run ({which}) did not take {id} down. Crash it in a scenario, or from the run panel while a run goes,
        to confirm this.
      </p>
    );
  const mismatches = rows.filter((r) => r.check === "mismatch").length;
  return (
    <div className="as-blast-confirmed" data-testid="blast-confirmed" aria-label="Confirmed in the last run">
      <h4>
        Confirmed in the last run <span className="as-blast-run">({which})</span>
      </h4>
      <ul className="as-blast-checks">
        {rows.map((r) => (
          <li
            key={r.route}
            className={`as-blast-check as-blast-check--${r.check}`}
            data-testid={`blast-check-${r.route}`}
            data-check={r.check}
            data-share={r.share ?? ""}
          >
            <code className="as-blast-name">{r.route}</code>
            <span className="as-blast-verdict">
              {CHECK_TEXT[r.check].mark} {CHECK_TEXT[r.check].label}
            </span>
            <span className="as-blast-observed">
              predicted {IMPACT_TEXT[r.predicted].label} — {r.observed}
              {r.expected ? `; expected ${r.expected}` : ""}
            </span>
          </li>
        ))}
      </ul>
      <p className="as-blast-summary">
        {mismatches === 0
          ? `Every prediction with data held while ${id} was down.`
          : `${mismatches} prediction${mismatches === 1 ? "" : "s"} did not hold.`}
      </p>
    </div>
  );
}
