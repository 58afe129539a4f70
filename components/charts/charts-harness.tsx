"use client";
/**
 * A page for end-to-end tests of the charts alone, before the designer mounts them: a live
 * metrics store of its own, fed under automation through window.__archsimLiveMetrics (the
 * canvas's test hook), and RunCharts for the scope in the address.
 */
import { useLiveMetricsTestHook } from "../canvas/live-test-hook";
import { LiveMetricsProvider } from "../store/live-metrics-context";
import type { ChartScope } from "./chart-data";
import { RunCharts } from "./run-charts";

function Hook() {
  useLiveMetricsTestHook();
  return null;
}

export function ChartsHarness({ scope, slo }: { scope: ChartScope; slo?: number }) {
  return (
    <LiveMetricsProvider>
      <Hook />
      <main style={{ padding: 16, maxWidth: 960 }}>
        <RunCharts scope={scope} slo={slo} />
      </main>
    </LiveMetricsProvider>
  );
}
