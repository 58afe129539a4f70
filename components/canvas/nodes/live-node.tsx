"use client";
/**
 * The live run's slots in a node (ux-guide, node anatomy): the status chip top-right, the
 * stats line, the utilization bar, replica dots and the broker's topic depths. Each node
 * subscribes to its own slice of the live metrics store, compared shallowly over values
 * rounded to what is drawn, so a tick that changes nothing visible re-renders nothing.
 */
import { useShallow } from "zustand/react/shallow";
import { useLiveMetrics } from "../../store/live-metrics-context";
import { getNodeFaultBadges, isHighlighted, selectShownSnapshot } from "../../store/live-metrics";
import {
  formatCount,
  getDepthFill,
  getNodeLiveView,
  getReplicaDots,
  HEALTH_ICON,
  HEALTH_LABEL,
  type NodeLiveView,
} from "../live-view";

/** This node's view of the shown snapshot (the latest, or the second the timeline holds), or null with no run. */
export function useNodeLiveView(
  id: string,
  designReplicas: number | undefined,
  routes: readonly string[] | undefined,
  isBroker: boolean,
): NodeLiveView | null {
  return useLiveMetrics(
    useShallow((s) => {
      const shown = selectShownSnapshot(s);
      return shown ? getNodeLiveView(shown, id, designReplicas, routes, isBroker) : null;
    }),
  );
}

export function HealthChip({ id, view }: { id: string; view: NodeLiveView }) {
  const label = HEALTH_LABEL[view.level];
  const detail = view.openCircuits ? `${label}: circuit to ${view.openCircuits} open` : label;
  return (
    <span
      className={`as-health-chip as-health-chip--${view.level}`}
      data-testid={`node-health-${id}`}
      data-health={view.level}
      title={detail}
    >
      <span className="as-health-icon" aria-hidden="true">
        {HEALTH_ICON[view.level]}
      </span>
      {label}
    </span>
  );
}

/** The bottom line of a live node: replica dots (services) and two stats. */
export function LiveStats({ id, view, designReplicas }: { id: string; view: NodeLiveView; designReplicas?: number }) {
  return (
    <div className="as-node-facts as-node-stats" data-testid={`node-stats-${id}`}>
      {view.replicas >= 0 && designReplicas !== undefined ? (
        <span
          className="as-node-dots"
          aria-label={`${view.replicas} of ${designReplicas} replicas`}
          title={`${view.replicas} of ${designReplicas} replicas running`}
        >
          {getReplicaDots(view.replicas, designReplicas)}
        </span>
      ) : null}
      <span>{view.stats}</span>
    </div>
  );
}

export function UtilizationBar({ view }: { view: NodeLiveView }) {
  return (
    <div className="as-node-util" title={`${view.busyPercent}% busy`} aria-hidden="true">
      <div className="as-node-util-fill" style={{ width: `${view.busyPercent}%` }} />
    </div>
  );
}

/** Each topic's depth under the broker; the fill is on a log scale (getDepthFill). */
export function TopicDepths({ id }: { id: string }) {
  // "name\u0000depth" strings: an array of primitives compares shallowly, element by element.
  const topics = useLiveMetrics(
    useShallow((s) => {
      const shown = selectShownSnapshot(s);
      return shown ? Object.entries(shown.topics).map(([name, t]) => `${name}\u0000${t.depth}`) : [];
    }),
  );
  if (topics.length === 0) return null;
  return (
    <div className="as-topic-depths nodrag" data-testid={`topic-depths-${id}`}>
      {topics.map((entry) => {
        const [name, depthText] = entry.split("\u0000") as [string, string];
        const depth = Number(depthText);
        return (
          <div key={name} className="as-topic-depth" data-topic={name} title={`${name}: ${depth} queued`}>
            <span className="as-topic-name">{name}</span>
            <span className="as-topic-bar">
              <span className="as-topic-fill" style={{ width: `${getDepthFill(depth)}%` }} />
            </span>
            <span className="as-topic-count">{formatCount(depth)}</span>
          </div>
        );
      })}
    </div>
  );
}

/**
 * A ring around the node while a trace span on it is under the pointer in the Traces tab. One
 * boolean selector per node: hovering another span re-renders only the nodes it lights or unlights.
 */
export function TraceRing({ id }: { id: string }) {
  const lit = useLiveMetrics((s) => isHighlighted(s, id));
  return lit ? <span className="as-node-trace-ring" data-testid={`node-trace-ring-${id}`} aria-hidden="true" /> : null;
}

/**
 * The faults on this component during the shown second (ux-guide: each active fault shows on
 * its node with what is left of it), under the node's title; nothing with no run or none.
 */
export function FaultBadges({ id }: { id: string }) {
  const badges = useLiveMetrics(useShallow((s) => getNodeFaultBadges(s, id)));
  if (badges.length === 0) return null;
  return (
    <div className="as-node-faults" data-testid={`node-faults-${id}`}>
      {badges.map((b) => (
        <span key={b} className="as-node-fault" title={b}>
          {b}
        </span>
      ))}
    </div>
  );
}
