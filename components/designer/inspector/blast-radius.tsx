"use client";
/**
 * "If it goes down": the selected component's blast radius (model/blast-radius.ts), read from
 * the design before any run: which routes fail with it (it lies on their synchronous path),
 * fail for some requests, answer without it, or only queue work behind messages. After a run in
 * which the component was down (a scenario's crash or one injected from the run panel), each
 * prediction of the design that run ran shows what the run observed in the crash window
 * (simulator/blast-confirm.ts, via blast-check.ts); once the design has changed since that run,
 * it says so instead of judging.
 */
import "./blast-radius.css";
import { useMemo } from "react";
import { useStore } from "zustand";
import { blastRadius, type RouteImpact } from "../../../model";
import type { BlastCheck } from "../../../simulator/blast-confirm";
import { getLastRunStore } from "../../store/last-run";
import { checkBlastAgainstRun, type BlastRunCheck } from "./blast-check";
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
  const check = useMemo(
    () => (blast && design && lastRun ? checkBlastAgainstRun(design, id, lastRun) : null),
    [blast, design, id, lastRun],
  );
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
      {check ? <Confirmation id={id} check={check} /> : null}
    </section>
  );
}

function Confirmation({ id, check }: { id: string; check: BlastRunCheck }) {
  const { which } = check;
  if (check.kind === "changed")
    return (
      <p className="as-blast-unconfirmed" data-testid="blast-confirmed" data-state="changed">
        The last run ({which}) was of an earlier version: the design changed since this run; run it again to confirm
        this.
      </p>
    );
  if (check.kind === "notDown")
    return (
      <p className="as-blast-unconfirmed" data-testid="blast-confirmed">
        The last run ({which}) did not take {id} down. Crash it in a scenario, or from the run panel while a run goes,
        to confirm this.
      </p>
    );
  const { rows, mismatches, heading } = check;
  return (
    <div className="as-blast-confirmed" data-testid="blast-confirmed" aria-label={heading}>
      <h4>{heading}</h4>
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
