"use client";
/**
 * "If it goes down": the selected component's blast radius (model/blast-radius.ts), read from
 * the design before any run: which routes fail with it (it lies on their synchronous path),
 * fail for some requests, answer without it, or only queue work behind messages.
 */
import { useMemo } from "react";
import { useStore } from "zustand";
import { blastRadius, type RouteImpact } from "../../../model";
import { useInspector } from "./fields";

const IMPACT_TEXT: Readonly<Record<RouteImpact, { mark: string; label: string }>> = {
  fails: { mark: "✕", label: "fails" },
  partly: { mark: "!", label: "fails in part" },
  degraded: { mark: "–", label: "answers without it" },
  queues: { mark: "⧗", label: "work queues" },
  none: { mark: "✓", label: "unaffected" },
};

export function BlastRadiusSection({ id }: { id: string }) {
  const { doc } = useInspector();
  const design = useStore(doc, (s) => s.design);
  const blast = useMemo(() => (design?.components[id] ? blastRadius(design, id) : null), [design, id]);
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
    </section>
  );
}
