"use client";
/**
 * The run's timeline (ux-guide, "Failure injection for live demos"): the run's simulated
 * seconds from 0 to its duration, what has been simulated so far, the scenario's faults and
 * those injected during the run as labelled bands, and a scrubber. Picking a second (drag,
 * click, or the keys of a slider) holds the live canvas on that second's snapshot while the
 * run goes on; "Live" follows the run again. Only the seconds the live metrics' history ring
 * still holds (LIVE_HISTORY_LIMIT) can be shown.
 */
import "./run-timeline.css";
import { useId, useRef, type KeyboardEvent, type PointerEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import type { FaultSpan } from "../../model/scenario-faults";
import { LIVE_HISTORY_LIMIT } from "../store/live-metrics";
import { useLiveMetrics, useLiveMetricsStore } from "../store/live-metrics-context";
import {
  formatTick,
  getPointerSecond,
  getScrubKey,
  getTicks,
  getTimelineBands,
  TIMELINE_FAULT_LIMIT,
  TIMELINE_LANE_LIMIT,
} from "./run-timeline-model";

export type RunTimelineProps = {
  durationMs: number;
  simulatedMs: number;
  spans: readonly FaultSpan[];
  /** Whether the run is going (running or paused): an injected fault without an end is still active. */
  running: boolean;
};

export function RunTimeline({ durationMs, simulatedMs, spans, running }: RunTimelineProps) {
  const store = useLiveMetricsStore();
  const { cursor, latest, first } = useLiveMetrics(
    useShallow((s) => ({ cursor: s.cursor, latest: s.latest?.t ?? null, first: s.history[0]?.t ?? null })),
  );
  const track = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const durationS = durationMs / 1000;
  const bands = getTimelineBands(spans, durationMs, simulatedMs, running);
  const lanes = Math.min(TIMELINE_LANE_LIMIT, Math.max(1, ...bands.map((b) => b.lane + 1)));
  const pct = (s: number) => (durationS > 0 ? Math.min(100, Math.max(0, (s / durationS) * 100)) : 0);

  if (latest === null || first === null) {
    return (
      <div className="as-timeline as-timeline--empty" data-testid="run-timeline">
        <p className="as-timeline-note">The timeline fills as the run goes: scrub back to any second of it.</p>
      </div>
    );
  }
  const shown = cursor ?? latest;
  const set = (t: number | "live") => store.getState().setCursor(t === "live" ? null : t);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = getScrubKey(e.key, shown, first, latest);
    if (next === null) return;
    e.preventDefault();
    set(next);
  };
  const fromPointer = (e: PointerEvent<HTMLDivElement>) => {
    const box = track.current!.getBoundingClientRect();
    set(getPointerSecond(e.clientX, box.left, box.width, durationS, first, latest));
  };

  return (
    <div className="as-timeline" data-testid="run-timeline" data-scrubbed={cursor !== null}>
      <div className="as-timeline-head">
        {cursor !== null ? (
          <p className="as-timeline-viewing" data-testid="timeline-viewing" role="status">
            Viewing {cursor} s <span className="as-timeline-of">(the canvas shows this second, not now)</span>
          </p>
        ) : (
          <p className="as-timeline-live" data-testid="timeline-viewing" role="status">
            <span aria-hidden="true">● </span>
            Live · {latest} s
          </p>
        )}
        <button
          type="button"
          className="as-timeline-live-button"
          aria-pressed={cursor === null}
          onClick={() => set("live")}
          disabled={cursor === null}
        >
          Live
        </button>
        {first > 0 ? (
          <p className="as-timeline-note" data-testid="timeline-gone">
            Seconds before {first} s are gone: the history keeps the latest {LIVE_HISTORY_LIMIT.toLocaleString("en-US")}{" "}
            seconds.
          </p>
        ) : null}
      </div>
      <div
        ref={track}
        className="as-timeline-body"
        role="slider"
        tabIndex={0}
        aria-label="Simulated second shown"
        aria-valuemin={first}
        aria-valuemax={latest}
        aria-valuenow={shown}
        aria-valuetext={`${shown} s`}
        aria-describedby={helpId}
        style={{ ["--as-timeline-lanes" as string]: lanes }}
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          e.currentTarget.focus();
          fromPointer(e);
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) fromPointer(e);
        }}
      >
        <div className="as-timeline-lanes" aria-hidden="true">
          {bands.map((b) => (
            <div
              key={b.key}
              className={`as-timeline-band as-timeline-band--${b.source}${b.open ? " as-timeline-band--open" : ""}`}
              style={{ left: `${b.left}%`, width: `${b.width}%`, top: `calc(${b.lane} * var(--as-timeline-lane))` }}
              title={b.title}
              data-testid="timeline-band"
              data-source={b.source}
            >
              <span>{b.label}</span>
            </div>
          ))}
        </div>
        <div className="as-timeline-track" aria-hidden="true">
          <div className="as-timeline-done" style={{ width: `${pct(simulatedMs / 1000)}%` }} />
          {first > 0 ? <div className="as-timeline-gone" style={{ width: `${pct(first)}%` }} /> : null}
        </div>
        <div
          className={`as-timeline-cursor${cursor === null ? " as-timeline-cursor--live" : ""}`}
          style={{ left: `${pct(shown)}%` }}
          aria-hidden="true"
        />
      </div>
      <div className="as-timeline-axis" aria-hidden="true">
        {getTicks(durationS).map((t) => (
          <span key={t} style={{ left: `${pct(t)}%` }}>
            {formatTick(t, durationS)}
          </span>
        ))}
      </div>
      <p id={helpId} className="as-visually-hidden">
        Arrow keys move one second, Page Up and Page Down ten, Home the first second kept, End back to live.
      </p>
      {spans.length > 0 ? (
        <ul className="as-visually-hidden" aria-label="Faults on the timeline">
          {bands.map((b) => (
            <li key={b.key}>{b.title}</li>
          ))}
        </ul>
      ) : null}
      {spans.length > TIMELINE_FAULT_LIMIT ? (
        <p className="as-timeline-note">
          {spans.length - TIMELINE_FAULT_LIMIT} more faults are not drawn (the timeline draws the first{" "}
          {TIMELINE_FAULT_LIMIT}).
        </p>
      ) : null}
    </div>
  );
}
