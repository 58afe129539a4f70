import { BROKER_SOURCE } from "./runtime-files/broker";
import { CACHE_SOURCE } from "./runtime-files/cache";
import { CONFIG_SOURCE } from "./runtime-files/config";
import { DISCOVERY_SOURCE } from "./runtime-files/discovery";
import { DISCOVERY_TEST_SOURCE } from "./runtime-files/discovery-test";
import { ERRORS_SOURCE } from "./runtime-files/errors";
import { FAULTS_SOURCE } from "./runtime-files/faults";
import { HTTP_CLIENT_SOURCE } from "./runtime-files/http-client";
import { INDEX_SOURCE } from "./runtime-files/index";
import { LOGGER_SOURCE } from "./runtime-files/logger";
import { METRICS_SOURCE } from "./runtime-files/metrics";
import { OUTBOX_SOURCE } from "./runtime-files/outbox";
import { RATE_LIMIT_SOURCE } from "./runtime-files/rate-limit";
import { REPOSITORY_SOURCE } from "./runtime-files/repository";
import { RESILIENCE_SOURCE } from "./runtime-files/resilience";
import { SERVER_SOURCE } from "./runtime-files/server";
import { SHUTDOWN_SOURCE } from "./runtime-files/shutdown";
import { STEPS_SOURCE } from "./runtime-files/steps";
import { SYNTHETIC_SOURCE } from "./runtime-files/synthetic";
import { TRACE_SOURCE } from "./runtime-files/trace";
import { RUNTIME_TEST_SOURCE } from "./runtime-files/runtime-test";

/**
 * The sources of packages/runtime ("@archsim/runtime"), the library every generated process imports.
 * Fixed text (no design string reaches it), written without dollar-brace so each file
 * sits in a plain template literal. Keep it typecheck-clean: scripts/check-generated.mjs runs tsc
 * over a generated repository.
 */

/** Path under packages/runtime (src/… and test/…) → source. */
export const RUNTIME_SOURCES: Readonly<Record<string, string>> = {
  "src/broker.ts": BROKER_SOURCE,
  "src/cache.ts": CACHE_SOURCE,
  "src/config.ts": CONFIG_SOURCE,
  "src/discovery.ts": DISCOVERY_SOURCE,
  "src/errors.ts": ERRORS_SOURCE,
  "src/faults.ts": FAULTS_SOURCE,
  "src/http-client.ts": HTTP_CLIENT_SOURCE,
  "src/index.ts": INDEX_SOURCE,
  "src/logger.ts": LOGGER_SOURCE,
  "src/metrics.ts": METRICS_SOURCE,
  "src/outbox.ts": OUTBOX_SOURCE,
  "src/rate-limit.ts": RATE_LIMIT_SOURCE,
  "src/repository.ts": REPOSITORY_SOURCE,
  "src/resilience.ts": RESILIENCE_SOURCE,
  "src/server.ts": SERVER_SOURCE,
  "src/shutdown.ts": SHUTDOWN_SOURCE,
  "src/steps.ts": STEPS_SOURCE,
  "src/synthetic.ts": SYNTHETIC_SOURCE,
  "src/trace.ts": TRACE_SOURCE,
  "test/discovery.test.ts": DISCOVERY_TEST_SOURCE,
  "test/runtime.test.ts": RUNTIME_TEST_SOURCE,
};
