/**
 * The run timeline's arithmetic, apart from React: the scrubber's keys, a pointer's second,
 * the axis ticks, and the faults as bands packed into lanes. Seconds are a snapshot's `t`
 * (second t covers [t, t+1) of simulated time).
 */
import { getFaultLabel, type FaultSpan } from "../../model/scenario-faults";

/** Lanes of fault bands; more faults overlapping at once share the last lane. */
export const TIMELINE_LANE_LIMIT = 4;
/** Fault bands drawn; past this many (a long demo of clicking), the rest are counted, not drawn. */
export const TIMELINE_FAULT_LIMIT = 200;

/**
 * What a key does to the scrubber: a second to show, "live" to follow the run, or null (not ours).
 * Reaching the latest second (`max`) is "live": holding the canvas on a second that is "now" only
 * for the moment would freeze it there while the run goes on.
 */
export function getScrubKey(key: string, value: number, min: number, max: number): number | "live" | null {
  const clamp = (v: number) => (v >= max ? "live" : Math.max(min, v));
  switch (key) {
    case "ArrowLeft":
    case "ArrowDown":
      return clamp(value - 1);
    case "ArrowRight":
    case "ArrowUp":
      return clamp(value + 1);
    case "PageDown":
      return clamp(value - 10);
    case "PageUp":
      return clamp(value + 10);
    case "Home":
      return min;
    case "End":
      return "live";
    default:
      return null;
  }
}

/**
 * The second under a pointer at `x` over a track from `left`, `width` px wide, showing `durationS`;
 * no earlier than `min`, and "live" at or past the latest second `max` (follow the run, not freeze on it).
 */
export function getPointerSecond(
  x: number,
  left: number,
  width: number,
  durationS: number,
  min: number,
  max: number,
): number | "live" {
  const share = width > 0 ? (x - left) / width : 0;
  const second = Math.max(min, Math.floor(share * durationS));
  return second >= max ? "live" : second;
}

const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];

/** Axis ticks in seconds: a round step giving at most `most` intervals over the duration. */
export function getTicks(durationS: number, most = 6): number[] {
  if (!(durationS > 0)) return [0];
  const step = TICK_STEPS.find((s) => durationS / s <= most) ?? Math.ceil(durationS / most);
  const ticks: number[] = [];
  for (let t = 0; t <= durationS + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/**
 * A tick's label in one unit for the whole axis, chosen by its duration: seconds up to 10
 * minutes (`90 s`), then minutes up to 3 hours (`5 min`), then hours (`1 h 30 min`).
 */
export function formatTick(s: number, durationS: number): string {
  if (durationS <= 600 || s % 60 !== 0) return `${s} s`;
  if (durationS <= 3 * 3600) return `${s / 60} min`;
  const h = Math.floor(s / 3600);
  const m = (s % 3600) / 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** One fault band of the timeline. */
export interface TimelineBand {
  key: string;
  label: string;
  /** Tooltip: what, where from, when. */
  title: string;
  source: FaultSpan["source"];
  /** Left edge and width in percent of the duration. */
  left: number;
  width: number;
  lane: number;
  /** It has no end yet (an injected fault still active): drawn to now with an open end. */
  open: boolean;
  healed: boolean;
}

/**
 * The bands of a run's faults over `durationMs`: a fault without an end reaches the end of the
 * run if it is the scenario's, and only to now (`simulatedMs`, the run's last second once it is
 * over) if it was injected: nobody knows yet when it will be recovered. Overlapping bands go to different lanes, first fit.
 */
export function getTimelineBands(
  spans: readonly FaultSpan[],
  durationMs: number,
  simulatedMs: number,
  running: boolean,
): TimelineBand[] {
  const laneEnds: number[] = [];
  const pct = (ms: number) => (durationMs > 0 ? Math.min(100, Math.max(0, (ms / durationMs) * 100)) : 0);
  return spans.slice(0, TIMELINE_FAULT_LIMIT).map((s, i) => {
    const open = s.endMs === Infinity && s.source === "injected" && running;
    const end = Math.min(
      durationMs,
      s.endMs !== Infinity ? s.endMs : s.source === "injected" ? Math.max(s.startMs, simulatedMs) : durationMs,
    );
    let lane = laneEnds.findIndex((e) => e <= s.startMs);
    if (lane === -1) lane = Math.min(laneEnds.length, TIMELINE_LANE_LIMIT - 1);
    laneEnds[lane] = Math.max(laneEnds[lane] ?? 0, end);
    const label = getFaultLabel(s.fault);
    const until =
      s.endMs === Infinity
        ? open
          ? "until recovered (still active)"
          : "until the end"
        : `to ${formatSecondsShort(s.endMs)}${s.healed ? " (recovered by hand)" : ""}`;
    return {
      key: `${s.source}-${i}`,
      label,
      title: `${label} (${s.source === "injected" ? "injected during the run" : "the scenario's"}): from ${formatSecondsShort(s.startMs)} ${until}`,
      source: s.source,
      left: pct(s.startMs),
      width: Math.max(0, pct(end) - pct(s.startMs)),
      lane,
      open,
      healed: s.healed,
    };
  });
}

/** Simulated ms as seconds, one decimal when not whole: `42 s`, `42.1 s`. */
export function formatSecondsShort(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
