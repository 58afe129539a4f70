"use client";
/**
 * The Traces tab: the sampled request traces of the run (route, start, duration, outcome;
 * all, failed or slowest), and one trace as a waterfall the way Jaeger draws it: a row per
 * span, indented by depth, a bar on a shared time axis coloured and labelled by outcome, the
 * selected span's details. Escape closes the waterfall. The arithmetic is in
 * trace-waterfall-data.ts.
 */
import "./trace-waterfall.css";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useLiveMetricsStore } from "../store/live-metrics-context";
import type { Trace, TraceSpan } from "../../simulator";
import type { SimulationStatus } from "./simulation-client";
import {
  barPosition,
  DESIGNER_TRACE_EVERY,
  filterTraces,
  formatMs,
  OUTCOME_LEGEND,
  outcomeClass,
  outcomeLabel,
  sampleText,
  spanDetails,
  spanName,
  textPlacement,
  timeTicks,
  TRACE_FILTERS,
  tracesThrough,
  traceWindow,
  treeKeyTarget,
  waterfallRows,
  type TraceFilter,
} from "./trace-waterfall-data";

/** Which request the designer's runs trace (simulation.worker.ts). */
const SAMPLE_TEXT = sampleText(DESIGNER_TRACE_EVERY);

export function TracesView({
  traces: allTraces,
  status,
  selected = null,
}: {
  traces: readonly Trace[];
  status: SimulationStatus;
  /** The component selected on the canvas: the list shows the traces through it, until "Show all". */
  selected?: string | null;
}) {
  const [filter, setFilter] = useState<TraceFilter>("all");
  const [showAll, setShowAll] = useState(false);
  const through = useMemo(
    () => (selected && !showAll ? tracesThrough(allTraces, selected) : null),
    [allTraces, selected, showAll],
  );
  const traces = through ?? allTraces;
  const [openId, setOpenId] = useState<number | null>(null);
  // A new run starts with no traces, and its ids repeat the last run's (0, 10, 20…): what was
  // open belonged to the last run, so it closes.
  if (allTraces.length === 0 && openId !== null) setOpenId(null);
  const listRef = useRef<HTMLDivElement>(null);
  const open = openId === null ? null : (traces.find((t) => t.id === openId) ?? null);
  const shown = useMemo(() => filterTraces(traces, filter), [traces, filter]);
  const failedCount = useMemo(() => traces.filter((t) => t.outcome !== "ok").length, [traces]);

  const close = () => {
    const id = openId;
    setOpenId(null);
    // Back to the trace that was open, so the keyboard user keeps their place.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>(`[data-trace-id="${id}"]`)?.focus());
  };

  if (open) return <Waterfall trace={open} onClose={close} />;

  if (allTraces.length === 0) {
    return (
      <p className="as-run-empty" data-testid="traces-empty">
        {status === "running"
          ? `Tracing ${SAMPLE_TEXT}: the traces show here when the run ends, or when you pause it.`
          : status === "done"
            ? "No request was traced in this run: it sent none after its warm-up. Run a longer duration to sample some."
            : status === "stopped"
              ? "The run was stopped before it ended, so it sent no traces: run it to the end, or pause it, to see them."
              : `Run the design to sample its requests' traces (${SAMPLE_TEXT}); they show here when the run ends or is paused.`}
      </p>
    );
  }

  return (
    <div className="as-traces" ref={listRef}>
      <div className="as-traces-bar">
        <div role="group" aria-label="Show traces" className="as-traces-filters">
          {TRACE_FILTERS.map((f) => (
            <button key={f.id} type="button" aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
              {f.label}
              {f.id === "all" ? ` (${traces.length})` : f.id === "failed" ? ` (${failedCount})` : ""}
            </button>
          ))}
        </div>
        {selected ? (
          <span className="as-traces-through" data-testid="traces-through">
            {showAll ? (
              <button type="button" onClick={() => setShowAll(false)}>
                Only through {selected}
              </button>
            ) : (
              <>
                Through <strong>{selected}</strong>: {traces.length} of {allTraces.length}
                <button type="button" onClick={() => setShowAll(true)}>
                  Show all
                </button>
              </>
            )}
          </span>
        ) : null}
        <span className="as-traces-hint">
          Sampled: {SAMPLE_TEXT}, failures and the slowest kept preferentially. Open one to see its waterfall.
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="as-run-empty">
          {traces.length === 0
            ? `No sampled trace goes through ${selected}: choose Show all, or select another component.`
            : `No failed request among the ${traces.length} sampled traces. Try a scenario with faults, or All.`}
        </p>
      ) : (
        <ul className="as-traces-list" aria-label="Sampled traces">
          <li className="as-traces-head" aria-hidden="true">
            <span>Route</span>
            <span>Sent at</span>
            <span>Duration</span>
            <span>Outcome</span>
            <span>Spans</span>
          </li>
          {shown.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className="as-traces-item"
                data-testid="trace-item"
                data-trace-id={t.id}
                data-outcome={t.outcome}
                onClick={() => setOpenId(t.id)}
              >
                <span className="as-traces-route">
                  {t.route} <span className="as-traces-id">#{t.id}</span>
                </span>
                <span>{formatMs(t.startMs)}</span>
                <span>{formatMs(t.durationMs)}</span>
                <span className={`as-trace-outcome as-outcome-${outcomeClass(t.outcome)}`}>
                  {outcomeLabel(t.outcome)}
                </span>
                <span>{t.spans.length}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The words beside a bar: the backoff's note, else the attempt (of a call), duration and outcome. */
function barText(s: TraceSpan): string {
  if (s.kind === "backoff") return s.note ?? "backoff";
  const attempt = s.kind === "call" ? `attempt ${s.attempt ?? 1} · ` : "";
  return `${attempt}${formatMs(s.endMs - s.startMs)} · ${outcomeLabel(s.outcome)}`;
}

function Waterfall({ trace, onClose }: { trace: Trace; onClose: () => void }) {
  const rows = useMemo(() => waterfallRows(trace), [trace]);
  const win = useMemo(() => traceWindow(trace), [trace]);
  const ticks = useMemo(() => timeTicks(win.endMs - win.startMs), [win]);
  const [selected, setSelected] = useState(0);
  const backRef = useRef<HTMLButtonElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  useEffect(() => backRef.current?.focus(), []);
  const span = trace.spans.find((s) => s.id === selected) ?? trace.spans[0]!;
  const total = win.endMs - win.startMs;
  const tickLeft = (t: number) => (total > 0 ? (t / total) * 100 : 0);

  // Hovering (or focusing) a span lights its node(s) on the canvas; leaving the spans, or closing, puts them out.
  const metrics = useLiveMetricsStore();
  const light = (components: readonly string[]) => metrics.getState().setHighlight(components);
  useEffect(() => () => metrics.getState().setHighlight([]), [metrics]);

  // The spans are a tree (role="tree"): the arrow keys move the selection, and the focus with it.
  const onTreeKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = rows.findIndex((r) => r.span.id === span.id);
    const to = treeKeyTarget(rows, at, e.key);
    if (to === null) return;
    e.preventDefault();
    const id = rows[to]!.span.id;
    setSelected(id);
    treeRef.current?.querySelector<HTMLElement>(`[data-span-id="${id}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="as-waterfall" data-testid="trace-waterfall" data-trace-id={trace.id} onKeyDown={onKeyDown}>
      <div className="as-waterfall-head">
        <button type="button" ref={backRef} onClick={onClose}>
          ← All traces
        </button>
        <h3>
          {trace.route} <span className="as-traces-id">#{trace.id}</span>
        </h3>
        <span>
          sent at {formatMs(trace.startMs)} · {formatMs(trace.durationMs)} ·{" "}
          <span className={`as-trace-outcome as-outcome-${outcomeClass(trace.outcome)}`}>
            {outcomeLabel(trace.outcome)}
          </span>
          {trace.droppedSpans > 0 ? ` · ${trace.droppedSpans} more span(s) not recorded (limit)` : ""}
        </span>
        <span className="as-traces-hint">Esc closes</span>
      </div>
      <ul className="as-waterfall-legend" aria-label="Outcome colours">
        {OUTCOME_LEGEND.map((o) => (
          <li key={o.id}>
            <span className={`as-waterfall-swatch as-outcome-${o.id}`} aria-hidden="true" />
            {o.mark} {o.label}
          </li>
        ))}
        <li>
          <span className="as-waterfall-swatch as-waterfall-swatch-wait" aria-hidden="true" />
          waiting (queue, pool)
        </li>
        <li>
          <span className="as-waterfall-swatch as-waterfall-swatch-backoff" aria-hidden="true" />
          retry backoff
        </li>
      </ul>
      <div className="as-waterfall-body">
        <div
          className="as-waterfall-grid"
          role="tree"
          aria-label="Spans"
          ref={treeRef}
          onKeyDown={onTreeKeyDown}
          onMouseLeave={() => light([])}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget)) light([]);
          }}
        >
          <div className="as-waterfall-axis" aria-hidden="true">
            <span className="as-waterfall-name">Component · operation</span>
            <span className="as-waterfall-track">
              {ticks.map((t) => (
                <span key={t} className="as-waterfall-tick" style={{ left: `${tickLeft(t)}%` }}>
                  {formatMs(t)}
                </span>
              ))}
            </span>
          </div>
          {rows.map(({ span: s, depth, posInSet, setSize }) => {
            const bar = barPosition(s.startMs, s.endMs, win);
            const wait = s.wait ? barPosition(s.wait.startMs, s.wait.endMs, win) : null;
            const name = spanName(s);
            const cls = s.kind === "backoff" ? "backoff" : outcomeClass(s.outcome);
            const placement = textPlacement(bar);
            const text = barText(s);
            // A call lights its caller and its callee; any other span, the component it ran on.
            const lit = s.target !== undefined ? [s.component, s.target] : [s.component];
            return (
              <div
                role="treeitem"
                key={s.id}
                tabIndex={s.id === span.id ? 0 : -1}
                className="as-waterfall-row"
                data-testid="trace-span"
                data-span-id={s.id}
                data-kind={s.kind}
                data-outcome={s.outcome}
                aria-level={depth + 1}
                aria-posinset={posInSet}
                aria-setsize={setSize}
                aria-selected={s.id === span.id}
                aria-label={`${name.component} ${name.label}: ${text}`}
                onClick={() => setSelected(s.id)}
                onMouseEnter={() => light(lit)}
                onFocus={() => light(lit)}
              >
                <span
                  className="as-waterfall-name"
                  title={`${name.component} ${name.label}`}
                  style={{ paddingLeft: `${0.25 + depth * 0.9}rem` }}
                >
                  <span className="as-waterfall-component">{name.component}</span>{" "}
                  <span className="as-waterfall-label">{name.label}</span>
                </span>
                <span className="as-waterfall-track">
                  {ticks.map((t) => (
                    <span key={t} className="as-waterfall-gridline" style={{ left: `${tickLeft(t)}%` }} />
                  ))}
                  <span
                    className={`as-waterfall-bar as-outcome-${cls}${s.followsFrom ? " as-waterfall-follows" : ""}`}
                    style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                  />
                  {wait && wait.width > 0 ? (
                    <span className="as-waterfall-wait" style={{ left: `${wait.left}%`, width: `${wait.width}%` }} />
                  ) : null}
                  <span
                    className={`as-waterfall-text as-waterfall-text-${placement}`}
                    style={
                      placement === "after"
                        ? { left: `${bar.left + bar.width}%` }
                        : placement === "before"
                          ? { right: `${100 - bar.left}%` }
                          : { right: `${100 - bar.left - bar.width}%` }
                    }
                  >
                    {text}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
        <section className="as-waterfall-details" aria-label="Span details" data-testid="trace-span-details">
          <h4>
            {spanName(span).component} {spanName(span).label}
          </h4>
          <dl>
            {spanDetails(span, trace).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </div>
  );
}
