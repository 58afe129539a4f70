/** packages/runtime/src/metrics.ts of the generated repository (see ../runtime-sources.ts). */
export const METRICS_SOURCE = `import client from "prom-client";

/** Prometheus metrics of one process: Node defaults plus request and step counters. */
export class Metrics {
  readonly registry = new client.Registry();
  readonly requests: client.Histogram<"route" | "method" | "status">;
  readonly messages: client.Counter<"topic" | "operation" | "outcome">;

  constructor(component: string) {
    this.registry.setDefaultLabels({ component });
    client.collectDefaultMetrics({ register: this.registry });
    this.requests = new client.Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.messages = new client.Counter({
      name: "archsim_messages_total",
      help: "Messages consumed, by topic, the operation they ran and outcome (handled, or failed: redelivered or dead-lettered)",
      labelNames: ["topic", "operation", "outcome"],
      registers: [this.registry],
    });
  }
}
`;
