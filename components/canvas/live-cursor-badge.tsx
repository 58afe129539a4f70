"use client";
/**
 * While the run timeline holds an earlier second, the canvas says so over the design ("Viewing
 * 42 s, not live"), with a button back to live: a scrubbed-back canvas must never pass for now.
 */
import "./live-cursor-badge.css";
import { useShallow } from "zustand/react/shallow";
import { useLiveMetrics, useLiveMetricsStore } from "../store/live-metrics-context";

export function LiveCursorBadge() {
  const store = useLiveMetricsStore();
  const { cursor, latest } = useLiveMetrics(useShallow((s) => ({ cursor: s.cursor, latest: s.latest?.t ?? null })));
  if (cursor === null) return null;
  return (
    <div className="as-canvas-cursor" data-testid="canvas-viewing">
      <span>
        Viewing {cursor} s{latest !== null ? ` of ${latest} s` : ""}, not live
      </span>
      <button type="button" onClick={() => store.getState().setCursor(null)}>
        Back to live
      </button>
    </div>
  );
}
