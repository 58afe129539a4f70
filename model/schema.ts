/**
 * The zod 4 schema of the design format v1 (see docs/design-format.md).
 *
 * Each schema's input is the document as written; its output is the normalized
 * form the simulator and generators consume: every duration in milliseconds,
 * every distribution tagged, every default filled in.
 */
import { z } from "zod";
import {
  describe,
  formatCount,
  listSome,
  formatDuration,
  lognormalFrom,
  parseDuration,
  type Distribution,
} from "./units";
import { quote } from "./quote";
import { suggest } from "./suggest";

// ---------------------------------------------------------------- ids and names

/** Names of Object.prototype members: reserved everywhere so lookups cannot hit the prototype. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "__proto__",
  "prototype",
]);

export const COMPONENT_ID_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const OPERATION_ID_RE = /^[a-z][a-zA-Z0-9]{0,62}$/;
export const TOPIC_RE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
export const NAME_ID_RE = /^[a-z][a-z0-9-]{0,62}$/;
export const ROUTE_RE = /^(GET|POST|PUT|PATCH|DELETE) \/[A-Za-z0-9._~{}/-]*$/;
export const TARGET_RE = /^([a-z]([a-z0-9-]{0,61}[a-z0-9])?)\.([a-z][a-zA-Z0-9]{0,62})$/;

function idSchema(what: string, re: RegExp, hint: string, maxLength = 63) {
  return z.string({ error: (iss) => expected(`a ${what}`, iss.input) }).check((ctx) => {
    const v = ctx.value;
    if (RESERVED_NAMES.has(v)) {
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `${quote(v)} is a reserved name and cannot be used as ${what}`,
      });
    } else if (v.length > maxLength) {
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `${what} ${quote(v)} is longer than ${maxLength} characters`,
      });
    } else if (!re.test(v)) {
      ctx.issues.push({ code: "custom", input: v, message: `invalid ${what} ${quote(v)}: ${hint}` });
    }
  });
}

export const componentIdSchema = idSchema(
  "component id",
  COMPONENT_ID_RE,
  "use lowercase letters, digits and '-', starting with a letter (a DNS label, at most 63 characters)",
);
export const operationIdSchema = idSchema(
  "operation id",
  OPERATION_ID_RE,
  "use letters and digits, starting with a lowercase letter (e.g. create, getById)",
);
export const topicSchema = idSchema(
  "topic",
  TOPIC_RE,
  "use lowercase dot-separated words of letters, digits and '-' (e.g. order.created)",
);
export const nameIdSchema = (what: string) =>
  idSchema(what, NAME_ID_RE, "use lowercase letters, digits and '-', starting with a letter");
export const routeSchema = z
  .string({ error: (iss) => expected("a route such as GET /orders/{id}", iss.input) })
  .check((ctx) => {
    if (!ROUTE_RE.test(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `invalid route ${quote(ctx.value)}: expected a method (GET, POST, PUT, PATCH, DELETE), one space and a path such as /orders/{id}`,
      });
    }
  });
/** `<service>.<operation>` */
export const targetSchema = z.string({ error: (iss) => expected("<service>.<operation>", iss.input) }).check((ctx) => {
  if (!TARGET_RE.test(ctx.value)) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      message: `invalid target ${quote(ctx.value)}: expected <service>.<operation>, e.g. inventory.reserve`,
    });
  }
});

/** A value the user wrote, for a message: a string quoted and shortened, a number as is, else what it is. */
function echo(v: unknown): string {
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  return describe(v);
}

/** The message of a missing required value; parseDesign names the field ("sd is required"). */
export const REQUIRED_MESSAGE = "is required";

/**
 * Options for every safeParse of a design part: a missing value whose schema gives no message
 * of its own gets REQUIRED_MESSAGE (zod's per-parse error map, consulted after the schema's).
 */
export const PARSE_OPTIONS: z.core.ParseContext<z.core.$ZodIssue> = {
  error: (iss) => (iss.code === "invalid_type" && iss.input === undefined ? REQUIRED_MESSAGE : undefined),
};

/** `expected <what>, got <input>`, or REQUIRED_MESSAGE when the value is absent. */
function expected(what: string, input: unknown): string {
  return input === undefined ? REQUIRED_MESSAGE : `expected ${what}, got ${describe(input)}`;
}

// ---------------------------------------------------------------- objects

/** Separates the per-key messages of one unrecognized_keys issue; parseDesign splits them, one per key. */
export const KEY_MESSAGE_SEPARATOR = "\u0000";

/** A strict object: an unknown field is an error that suggests the closest known one. */
function obj<T extends z.core.$ZodLooseShape>(shape: T, what?: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === "unrecognized_keys") {
        return iss.keys.map((k) => unknownFieldMessage(k, known, what)).join(KEY_MESSAGE_SEPARATOR);
      }
      if (iss.code === "invalid_type" && iss.expected === "object") {
        return expected(what ? `${what} (a mapping)` : "a mapping", iss.input);
      }
      return undefined;
    },
  });
}

export function unknownFieldMessage(key: string, known: readonly string[], what?: string): string {
  const hint = suggest(key, known);
  const where = what ? ` in ${what}` : "";
  return hint
    ? `unknown field ${quote(key)}${where} (did you mean ${quote(hint)}?)`
    : `unknown field ${quote(key)}${where}; allowed: ${known.join(", ")}`;
}

/** A record keyed by a validated id; keys that fail are reported at the key. */
function recordOf<V extends z.ZodType>(key: z.ZodType<string>, value: V, what = "a mapping") {
  return z.record(key, value, {
    error: (iss) => (iss.code === "invalid_type" ? expected(what, iss.input) : undefined),
  });
}

/** Free text of at most `max` characters. */
const text = (what: string, max: number) =>
  z
    .string({
      error: (iss) =>
        iss.input === undefined ? REQUIRED_MESSAGE : `${what} must be a string, got ${describe(iss.input)}`,
    })
    .max(max, { error: () => `${what} is longer than ${max} characters` });

/** true or false; YAML 1.2 reads `yes`/`no` as strings, so say so. */
const bool = (what: string) =>
  z.boolean({
    error: (iss) =>
      iss.input === undefined ? REQUIRED_MESSAGE : `${what} must be true or false, got ${describe(iss.input)}`,
  });

// ---------------------------------------------------------------- limits

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Bounds the format leaves open, chosen so that no design can make a run overflow to NaN,
 * hang or run out of memory (docs/design-format.md, Input limits).
 */
export const LIMITS = Object.freeze({
  /** `replicas`, `autoscale.min` and `autoscale.max`, a crash fault's `replicas` */
  replicas: 10_000,
  /** `concurrency` (service, gateway), `bulkhead` */
  concurrency: 1_000_000,
  /** `queue` (service, gateway), `pool` (database) */
  queue: 1_000_000_000,
  /** `retries.max` */
  retries: 100,
  /** `circuitBreaker.window`: the calls each breaker remembers */
  window: 10_000,
  /** `erlang.k` */
  erlangK: 1_000,
  /** the values of an `empirical` distribution */
  empiricalValues: 100_000,
  /** a slowdown fault's `factor` */
  slowdownFactor: 1_000_000,
  /** requests per second: a workload's `rate`, a profile's rps, `rateLimit.rps` */
  rps: 10_000_000,
  /** any duration not named below, in ms (a distribution's values, latencies): 365 days */
  durationMs: 365 * DAY_MS,
  /** a scenario's `duration`, a fault's `at` and `for`, a profile's times, in ms: 30 days */
  scenarioDurationMs: 30 * DAY_MS,
  /** `timeout`, in ms: 1 hour */
  timeoutMs: HOUR_MS,
  /** `retries.backoff` (the base wait, doubled at each retry), in ms: 1 hour */
  backoffMs: HOUR_MS,
  /** `circuitBreaker.openFor`, in ms: 1 hour */
  openForMs: HOUR_MS,
  /** `coldStart` (service and autoscale), in ms: 1 hour */
  coldStartMs: HOUR_MS,
  /** a registry's `detection`, in ms: 1 hour */
  detectionMs: HOUR_MS,
  /** `autoscale.interval`, in ms: at least 1 second (real autoscalers look every 15 s or so; sub-second looks only add events), at most 1 hour */
  autoscaleIntervalMinMs: 1000,
  autoscaleIntervalMaxMs: HOUR_MS,
});

/** A check that a duration (ms) is within [min, max], naming the bound it breaks. */
function durationWithin(what: string, min: number, max: number) {
  return (ctx: { value: number; issues: z.core.$ZodRawIssue[] }) => {
    const v = ctx.value;
    const bound = v < min ? `at least ${formatDuration(min)}` : v > max ? `at most ${formatDuration(max)}` : undefined;
    if (bound)
      ctx.issues.push({ code: "custom", input: v, message: `${what} must be ${bound} (got ${formatDuration(v)})` });
  };
}

/** A check that a number is at most `max`, naming the limit. */
function atMost(what: string, max: number) {
  return (ctx: { value: number; issues: z.core.$ZodRawIssue[] }) => {
    if (ctx.value > max)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `${what} must be at most ${formatCount(max)} (got ${ctx.value})`,
      });
  };
}

/** A duration limit, in hours and days: `8760h, 365 days`. */
function durationLimit(ms: number): string {
  return `${formatDuration(ms)}, ${ms / DAY_MS} days`;
}

// ---------------------------------------------------------------- numbers

const finite = (what: string) =>
  z
    .number({
      // zod rejects NaN and ±Infinity as non-numbers; they are numbers that are not finite.
      error: (iss) =>
        iss.input === undefined
          ? `${what} is required`
          : typeof iss.input === "number"
            ? `${what} must be a finite number (got ${iss.input})`
            : `${what} must be a number, got ${describe(iss.input)}`,
    })
    .check((ctx) => {
      if (!Number.isFinite(ctx.value))
        ctx.issues.push({ code: "custom", input: ctx.value, message: `${what} must be a finite number` });
    });

const nonNegative = (what: string) =>
  finite(what).check((ctx) => {
    if (ctx.value < 0)
      ctx.issues.push({ code: "custom", input: ctx.value, message: `${what} cannot be negative (got ${ctx.value})` });
  });

const positiveInt = (what: string) =>
  finite(what).check((ctx) => {
    if (!Number.isInteger(ctx.value) || ctx.value < 1)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `${what} must be an integer ≥ 1 (got ${ctx.value})`,
      });
  });

const nonNegativeInt = (what: string) =>
  finite(what).check((ctx) => {
    if (!Number.isInteger(ctx.value) || ctx.value < 0)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `${what} must be an integer ≥ 0 (got ${ctx.value})`,
      });
  });

const probability = (what: string) =>
  finite(what).check((ctx) => {
    if (ctx.value < 0 || ctx.value > 1)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `${what}${what === "probability" ? "" : " is a probability and"} must be in [0, 1] (got ${ctx.value})`,
      });
  });

// ---------------------------------------------------------------- units

/** parseDuration, and at most LIMITS.durationMs. */
function parseBoundedDuration(v: unknown): ReturnType<typeof parseDuration> {
  const r = parseDuration(v);
  // v parsed as a duration, so it holds nothing to escape.
  if (r.ok && r.ms > LIMITS.durationMs)
    return {
      ok: false,
      message: `a duration must be at most ${durationLimit(LIMITS.durationMs)} (got ${String(v).trim()})`,
    };
  return r;
}

/** A duration: a number of ms or a string with a unit; output in ms. */
export const durationSchema = z
  .union([z.number(), z.string()], {
    error: (iss) => {
      // NaN and ±Infinity fail z.number(): give parseDuration's message for them.
      const r = typeof iss.input === "number" ? parseDuration(iss.input) : undefined;
      return r && !r.ok
        ? r.message
        : expected('a duration (a number of milliseconds or a string such as "250ms")', iss.input);
    },
  })
  .transform((v, ctx) => {
    const r = parseBoundedDuration(v);
    if (!r.ok) {
      ctx.issues.push({ code: "custom", input: v, message: r.message });
      return z.NEVER;
    }
    return r.ms;
  })
  .meta({
    description: "A duration: milliseconds, or a number with one of the units us, ms, s, m, h (e.g. 250ms, 1.5s)",
  });

const positiveDuration = (what: string) =>
  durationSchema.check((ctx) => {
    if (ctx.value <= 0)
      ctx.issues.push({ code: "custom", input: ctx.value, message: `${what} must be greater than 0` });
  });

const DISTRIBUTION_KINDS = ["exp", "uniform", "normal", "lognormal", "erlang", "empirical"] as const;

const distributionVariants = {
  exp: positiveDuration("exp mean").transform((mean): Distribution => ({ type: "exp", mean })),
  uniform: z
    .tuple([durationSchema, durationSchema], { error: () => "uniform takes a list of two durations: [min, max]" })
    .transform((v, ctx): Distribution => {
      const [min, max] = v;
      if (min > max)
        ctx.issues.push({ code: "custom", input: v, message: `uniform needs min ≤ max (got ${min}ms > ${max}ms)` });
      return { type: "uniform", min, max };
    }),
  normal: obj({ mean: durationSchema, sd: durationSchema }, "normal").transform((v): Distribution => ({
    type: "normal",
    mean: v.mean,
    sd: v.sd,
  })),
  lognormal: obj({ median: durationSchema, p99: durationSchema }, "lognormal").transform((v, ctx): Distribution => {
    if (!(v.median > 0) || v.median > v.p99) {
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `lognormal needs 0 < median ≤ p99 (got median ${v.median}ms, p99 ${v.p99}ms)`,
      });
    }
    return lognormalFrom(v.median, v.p99);
  }),
  erlang: obj(
    { k: positiveInt("erlang k").check(atMost("erlang k", LIMITS.erlangK)), mean: positiveDuration("erlang mean") },
    "erlang",
  ).transform((v): Distribution => ({ type: "erlang", k: v.k, mean: v.mean })),
  empirical: z
    .array(durationSchema, { error: () => "empirical takes a non-empty list of durations" })
    .min(1, { error: () => "empirical needs at least one value" })
    .max(LIMITS.empiricalValues, {
      error: () => `empirical takes at most ${formatCount(LIMITS.empiricalValues)} values`,
    })
    .transform((values): Distribution => ({ type: "empirical", values })),
} satisfies Record<(typeof DISTRIBUTION_KINDS)[number], z.ZodType>;

/**
 * A distribution of a duration: a constant duration or a one-key mapping
 * (`exp`, `uniform`, `normal`, `lognormal`, `erlang`, `empirical`).
 */
export const distributionSchema = z
  .unknown()
  .transform((v, ctx): Distribution => {
    if (typeof v === "number" || typeof v === "string") {
      const r = parseBoundedDuration(v);
      if (!r.ok) {
        ctx.issues.push({ code: "custom", input: v, message: r.message });
        return z.NEVER;
      }
      return { type: "const", value: r.ms };
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      ctx.issues.push({
        code: "custom",
        input: v,
        message: expected(`a duration or a distribution (${DISTRIBUTION_KINDS.join(", ")})`, v),
      });
      return z.NEVER;
    }
    const keys = Object.keys(v);
    if (keys.length !== 1) {
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `a distribution has exactly one key of ${DISTRIBUTION_KINDS.join(", ")} (got ${keys.length === 0 ? "none" : listSome(keys)})`,
      });
      return z.NEVER;
    }
    const key = keys[0]!;
    const variant = (distributionVariants as Record<string, z.ZodType<Distribution>>)[key];
    if (!variant || !Object.hasOwn(distributionVariants, key)) {
      const hint = suggest(key, DISTRIBUTION_KINDS);
      ctx.issues.push({
        code: "custom",
        input: v,
        path: [key],
        params: { atKey: true },
        message: `unknown distribution ${quote(key)}${hint ? ` (did you mean ${quote(hint)}?)` : `; expected one of ${DISTRIBUTION_KINDS.join(", ")}`}`,
      });
      return z.NEVER;
    }
    const r = variant.safeParse((v as Record<string, unknown>)[key], PARSE_OPTIONS);
    if (!r.success) {
      for (const iss of r.error.issues) forwardIssue(ctx, iss, [key]);
      return z.NEVER;
    }
    return r.data;
  })
  .meta({
    description: "A duration (constant) or one of exp, uniform, normal, lognormal, erlang, empirical",
  });

const ZERO: Distribution = { type: "const", value: 0 };
const dist = () => distributionSchema.optional().transform((d): Distribution => d ?? ZERO);

// ---------------------------------------------------------------- resilience

export const retriesSchema = obj(
  {
    max: nonNegativeInt("retries.max").check(atMost("retries.max", LIMITS.retries)),
    backoff: durationSchema.check(durationWithin("retries.backoff", 0, LIMITS.backoffMs)).default(0),
    jitter: bool("jitter").default(false),
  },
  "retries",
);

export const circuitBreakerSchema = obj(
  {
    failureRate: finite("failureRate")
      .check((ctx) => {
        if (ctx.value <= 0 || ctx.value > 1)
          ctx.issues.push({
            code: "custom",
            input: ctx.value,
            message: `failureRate must be in (0, 1] (got ${ctx.value})`,
          });
      })
      .default(0.5),
    window: positiveInt("window").check(atMost("window", LIMITS.window)).default(20),
    openFor: durationSchema.check(durationWithin("openFor", 0, LIMITS.openForMs)).default(10_000),
    halfOpenProbes: positiveInt("halfOpenProbes").default(1),
  },
  "circuitBreaker",
);

const resilienceShape = {
  timeout: positiveDuration("timeout")
    .check(durationWithin("timeout", 0, LIMITS.timeoutMs))
    .optional(),
  retries: retriesSchema.optional(),
  circuitBreaker: circuitBreakerSchema.optional(),
  bulkhead: positiveInt("bulkhead").check(atMost("bulkhead", LIMITS.concurrency)).optional(),
};
export const resilienceSchema = obj(resilienceShape, "resilience");

// ---------------------------------------------------------------- steps

const commonStepShape = {
  optional: bool("optional").default(false),
  probability: probability("probability").default(1),
};

export type Step =
  | ({
      call: string;
      timeout?: number;
      retries?: z.output<typeof retriesSchema>;
      circuitBreaker?: z.output<typeof circuitBreakerSchema>;
      bulkhead?: number;
    } & StepCommon)
  | ({ query: string } & StepCommon)
  | ({ cache: string; miss: Step[] } & StepCommon)
  | ({ publish: string; outbox: boolean } & StepCommon)
  | ({ parallel: Step[] } & StepCommon)
  | ({ branch: { weight: number; steps: Step[] }[] } & StepCommon);
export type StepCommon = { optional: boolean; probability: number };

export const STEP_KINDS = ["call", "query", "cache", "publish", "parallel", "branch"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const stepList = (): z.ZodType<Step[], unknown> =>
  z.array(
    z.lazy(() => stepSchema),
    { error: (iss) => expected("a list of steps", iss.input) },
  ) as unknown as z.ZodType<Step[], unknown>;

const stepVariants: Record<StepKind, z.ZodType> = {
  call: obj({ call: targetSchema, ...resilienceShape, ...commonStepShape }, "a call step"),
  query: obj({ query: componentIdSchema, ...commonStepShape }, "a query step"),
  cache: obj({ cache: componentIdSchema, miss: z.lazy(stepList).default([]), ...commonStepShape }, "a cache step"),
  publish: obj({ publish: topicSchema, outbox: bool("outbox").default(false), ...commonStepShape }, "a publish step"),
  parallel: obj({ parallel: z.lazy(stepList), ...commonStepShape }, "a parallel step"),
  branch: obj(
    {
      branch: z
        .array(
          obj(
            {
              weight: finite("weight").check((ctx) => {
                if (!(ctx.value > 0))
                  ctx.issues.push({
                    code: "custom",
                    input: ctx.value,
                    message: `a branch weight must be a positive number (got ${ctx.value})`,
                  });
              }),
              steps: z.lazy(stepList),
            },
            "a branch",
          ),
          { error: () => "branch takes a list of { weight, steps }" },
        )
        .min(1, { error: () => "a branch needs at least one alternative" }),
      ...commonStepShape,
    },
    "a branch step",
  ),
};

/** One step of an operation: exactly one of call, query, cache, publish, parallel, branch. */
export const stepSchema: z.ZodType<Step, unknown> = z
  .unknown()
  .transform((v, ctx): Step => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `expected a step (a mapping with one of ${STEP_KINDS.join(", ")}), got ${describe(v)}`,
      });
      return z.NEVER;
    }
    const present = STEP_KINDS.filter((k) => Object.hasOwn(v, k));
    if (present.length === 0) {
      const keys = Object.keys(v);
      const guess = keys.map((k) => [k, suggest(k, STEP_KINDS)] as const).find(([, s]) => s);
      if (guess) {
        ctx.issues.push({
          code: "custom",
          input: v,
          path: [guess[0]],
          params: { atKey: true },
          message: `unknown step ${quote(guess[0])} (did you mean ${quote(guess[1]!)}?)`,
        });
      } else {
        ctx.issues.push({ code: "custom", input: v, message: `a step needs one of ${STEP_KINDS.join(", ")}` });
      }
      return z.NEVER;
    }
    if (present.length > 1) {
      ctx.issues.push({
        code: "custom",
        input: v,
        path: [present[1]!],
        params: { atKey: true },
        message: `a step has exactly one step key; this one has ${present.join(" and ")}: split it into ${present.length} steps`,
      });
      return z.NEVER;
    }
    const r = stepVariants[present[0]!].safeParse(v, PARSE_OPTIONS);
    if (!r.success) {
      for (const iss of r.error.issues) forwardIssue(ctx, iss);
      return z.NEVER;
    }
    return r.data as Step;
  })
  .meta({
    description: "A step: exactly one of call, query, cache, publish, parallel, branch",
  }) as unknown as z.ZodType<Step, unknown>;

/** What a forwarded issue carries in its params, for parseDesign to place it (see getIssueFacts). */
export interface ForwardedParams {
  /** The code of the issue as zod raised it. */
  original?: string;
  /** The keys of an unrecognized_keys issue. */
  keys?: string[];
  /** Place the issue on the key of its last path segment. */
  atKey?: boolean;
}

/** Re-raises an issue of a nested safeParse as a custom one, keeping its code and keys in params. */
function forwardIssue(ctx: { issues: z.core.$ZodRawIssue[] }, iss: z.core.$ZodIssue, prefix: PropertyKey[] = []): void {
  const facts = getIssueFacts(iss);
  const params: ForwardedParams = { original: facts.code, keys: facts.keys, atKey: facts.atKey };
  ctx.issues.push({ code: "custom", input: undefined, path: [...prefix, ...iss.path], message: iss.message, params });
}

/**
 * The code, keys and placement of an issue, whether zod raised it or forwardIssue re-raised
 * it, read through zod's public issue types only.
 */
export function getIssueFacts(iss: z.core.$ZodIssue): { code: string; keys?: string[]; atKey: boolean } {
  if (iss.code === "unrecognized_keys") return { code: iss.code, keys: iss.keys, atKey: false };
  if (iss.code !== "custom") return { code: iss.code, atKey: false };
  const p = (iss.params ?? {}) as ForwardedParams;
  return { code: p.original ?? iss.code, keys: p.keys, atKey: p.atKey === true };
}

// ---------------------------------------------------------------- components

const commonComponentShape = {
  label: text("label", 200).optional(),
  description: text("description", 10_000).optional(),
  tech: text("tech", 100).optional(),
};

export const operationSchema = obj(
  {
    http: routeSchema.optional(),
    work: dist(),
    errorRate: probability("errorRate").default(0),
    steps: stepList().default([]),
    description: text("description", 10_000).optional(),
  },
  "an operation",
);

const autoscaleSchema = obj(
  {
    min: positiveInt("autoscale.min").check(atMost("autoscale.min", LIMITS.replicas)),
    max: positiveInt("autoscale.max").check(atMost("autoscale.max", LIMITS.replicas)),
    targetUtilization: finite("targetUtilization")
      .check((ctx) => {
        if (ctx.value <= 0 || ctx.value > 1)
          ctx.issues.push({
            code: "custom",
            input: ctx.value,
            message: `targetUtilization must be in (0, 1] (got ${ctx.value})`,
          });
      })
      .default(0.7),
    interval: positiveDuration("autoscale.interval")
      .check(durationWithin("autoscale.interval", LIMITS.autoscaleIntervalMinMs, LIMITS.autoscaleIntervalMaxMs))
      .default(15_000),
    coldStart: durationSchema.check(durationWithin("autoscale.coldStart", 0, LIMITS.coldStartMs)).optional(),
  },
  "autoscale",
);

/** A bound that is unbounded (Infinity) when omitted; when given, at most LIMITS.queue. */
const unbounded = (what: string) =>
  nonNegativeInt(what)
    .check(atMost(what, LIMITS.queue))
    .optional()
    .transform((v) => v ?? Infinity);

// ---------------------------------------------------------------- service level objectives

/**
 * A route's service level objective (an addition to the format): a p99 latency target and an
 * error budget, the share of the route's requests that may fail or be rejected. Either or both;
 * it changes nothing in a run, only how its result is judged.
 */
export const sloSchema = obj(
  {
    p99: positiveDuration("an slo's p99").optional(),
    errorBudget: probability("errorBudget").optional(),
  },
  "an slo",
).check((ctx) => {
  if (ctx.value.p99 === undefined && ctx.value.errorBudget === undefined)
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      message: "an slo needs a p99 target, an errorBudget or both (e.g. { p99: 300ms, errorBudget: 0.001 })",
    });
});

export const BALANCERS = ["round-robin", "least-outstanding", "random"] as const;

export const componentVariants = {
  client: obj({ kind: z.literal("client"), ...commonComponentShape }, "a client"),
  gateway: obj(
    {
      kind: z.literal("gateway"),
      ...commonComponentShape,
      routes: recordOf(routeSchema, targetSchema, "routes (a mapping of route to <service>.<operation>)"),
      concurrency: positiveInt("concurrency")
        .check(atMost("concurrency", LIMITS.concurrency))
        .optional()
        .transform((v) => v ?? Infinity),
      queue: unbounded("queue"),
      overhead: dist(),
      rateLimit: obj(
        {
          rps: finite("rateLimit.rps")
            .check((ctx) => {
              if (!(ctx.value > 0))
                ctx.issues.push({ code: "custom", input: ctx.value, message: `rateLimit.rps must be greater than 0` });
            })
            .check(atMost("rateLimit.rps", LIMITS.rps)),
          burst: positiveInt("rateLimit.burst").optional(),
        },
        "rateLimit",
      ).optional(),
      resilience: resilienceSchema.optional(),
      slos: recordOf(routeSchema, sloSchema, "slos (a mapping of route to { p99, errorBudget })").optional(),
    },
    "a gateway",
  ),
  service: obj(
    {
      kind: z.literal("service"),
      ...commonComponentShape,
      replicas: positiveInt("replicas").check(atMost("replicas", LIMITS.replicas)).default(1),
      concurrency: positiveInt("concurrency").check(atMost("concurrency", LIMITS.concurrency)).default(16),
      queue: unbounded("queue"),
      balancer: z
        .enum(BALANCERS, {
          error: (iss) => `balancer must be one of ${BALANCERS.join(", ")}, got ${describe(iss.input)}`,
        })
        .default("round-robin"),
      coldStart: durationSchema.check(durationWithin("coldStart", 0, LIMITS.coldStartMs)).default(0),
      dependsOn: z
        .array(componentIdSchema, {
          error: (iss) => `dependsOn takes a list of component ids, got ${describe(iss.input)}`,
        })
        .default([]),
      resilience: resilienceSchema.optional(),
      autoscale: autoscaleSchema.optional(),
      operations: recordOf(operationIdSchema, operationSchema, "operations (a mapping of name to operation)").check(
        (ctx) => {
          if (Object.keys(ctx.value).length === 0)
            ctx.issues.push({ code: "custom", input: ctx.value, message: "a service needs at least one operation" });
        },
      ),
      subscribes: recordOf(topicSchema, operationIdSchema, "subscribes (a mapping of topic to operation)").default({}),
    },
    "a service",
  ),
  broker: obj(
    {
      kind: z.literal("broker"),
      ...commonComponentShape,
      flavor: z
        .enum(["rabbitmq", "kafka"], { error: (iss) => `flavor must be rabbitmq or kafka, got ${describe(iss.input)}` })
        .default("rabbitmq"),
      publishLatency: dist(),
      deliveryLatency: dist(),
      durable: bool("durable").default(true),
    },
    "a broker",
  ),
  registry: obj(
    {
      kind: z.literal("registry"),
      ...commonComponentShape,
      detection: durationSchema.check(durationWithin("detection", 0, LIMITS.detectionMs)).default(0),
    },
    "a registry",
  ),
  config: obj({ kind: z.literal("config"), ...commonComponentShape, fetchLatency: dist() }, "a config server"),
  observability: obj(
    {
      kind: z.literal("observability"),
      ...commonComponentShape,
      overhead: dist(),
      sampling: probability("sampling").default(1),
    },
    "an observability component",
  ),
  database: obj(
    {
      kind: z.literal("database"),
      ...commonComponentShape,
      pool: positiveInt("pool")
        .check(atMost("pool", LIMITS.queue))
        .optional()
        .transform((v) => v ?? Infinity),
      queryTime: dist(),
    },
    "a database",
  ),
  cache: obj(
    {
      kind: z.literal("cache"),
      ...commonComponentShape,
      hitRatio: probability("hitRatio").default(0),
      latency: dist(),
    },
    "a cache",
  ),
};

export const COMPONENT_KINDS = Object.keys(componentVariants) as ComponentKind[];
export type ComponentKind = keyof typeof componentVariants;

/** A component: dispatched on `kind`, so errors speak of the right kind's fields. */
export const componentSchema = z.discriminatedUnion(
  "kind",
  [
    componentVariants.client,
    componentVariants.gateway,
    componentVariants.service,
    componentVariants.broker,
    componentVariants.registry,
    componentVariants.config,
    componentVariants.observability,
    componentVariants.database,
    componentVariants.cache,
  ],
  {
    error: (iss) => {
      if ((iss.code as string) === "invalid_type") return expected("a component (a mapping with a kind)", iss.input);
      if (iss.code !== "invalid_union") return undefined;
      const input = iss.input as Record<string, unknown> | undefined;
      if (!input || typeof input !== "object" || Array.isArray(input))
        return expected("a component (a mapping with a kind)", input);
      if (!("kind" in input)) return `a component needs a kind: one of ${COMPONENT_KINDS.join(", ")}`;
      const hint = typeof input.kind === "string" ? suggest(input.kind, COMPONENT_KINDS) : undefined;
      return `unknown kind ${echo(input.kind)}${hint ? ` (did you mean ${quote(hint)}?)` : ""}; expected one of ${COMPONENT_KINDS.join(", ")}`;
    },
  },
);

// ---------------------------------------------------------------- workloads, scenarios

export const workloadSchema = obj(
  {
    source: componentIdSchema.optional(),
    entry: z.string({
      error: (iss) =>
        iss.input === undefined
          ? "entry is required: a gateway id or <service>.<operation>"
          : `entry must be a string, got ${describe(iss.input)}`,
    }),
    arrivals: z
      .enum(["poisson", "constant"], {
        error: (iss) => `arrivals must be poisson or constant, got ${describe(iss.input)}`,
      })
      .default("poisson"),
    rate: nonNegative("rate").check(atMost("rate", LIMITS.rps)).optional(),
    profile: z
      .array(
        z.tuple(
          [
            durationSchema.check(durationWithin("a profile time", 0, LIMITS.scenarioDurationMs)),
            nonNegative("profile rate").check(atMost("profile rate", LIMITS.rps)),
          ],
          {
            error: () => "a profile point is [time, rps], e.g. [60s, 1000]",
          },
        ),
        { error: () => "profile takes a list of [time, rps] points" },
      )
      .min(1, { error: () => "a profile needs at least one point" })
      .check((ctx) => {
        const pts = ctx.value;
        if (pts[0] && pts[0][0] !== 0)
          ctx.issues.push({
            code: "custom",
            input: pts,
            path: [0, 0],
            message: "the first profile point must be at time 0",
          });
        for (let i = 1; i < pts.length; i++) {
          if (!(pts[i]![0] > pts[i - 1]![0]))
            ctx.issues.push({
              code: "custom",
              input: pts,
              path: [i, 0],
              message: `profile times must be strictly increasing (point ${i} is not after point ${i - 1})`,
            });
        }
      })
      .optional(),
    mix: recordOf(z.string(), probability("a mix weight"), "mix (a mapping of route to weight)").optional(),
    clientLatency: dist(),
    slo: sloSchema.optional(),
    description: text("description", 10_000).optional(),
  },
  "a workload",
).check((ctx) => {
  const w = ctx.value;
  if (w.rate === undefined && w.profile === undefined)
    ctx.issues.push({
      code: "custom",
      input: w,
      message: "a workload needs exactly one of rate and profile; it has neither",
    });
  if (w.rate !== undefined && w.profile !== undefined)
    ctx.issues.push({
      code: "custom",
      input: w,
      path: ["profile"],
      params: { atKey: true },
      message: "a workload needs exactly one of rate and profile; it has both",
    });
});

const faultBase = {
  at: durationSchema.check(durationWithin("at", 0, LIMITS.scenarioDurationMs)),
  for: positiveDuration("for")
    .check(durationWithin("for", 0, LIMITS.scenarioDurationMs))
    .optional(),
};
export const FAULT_KINDS = ["crash", "latency", "errors", "partition", "slowdown"] as const;

export const faultSchema = z.discriminatedUnion(
  "kind",
  [
    obj(
      {
        kind: z.literal("crash"),
        ...faultBase,
        target: componentIdSchema,
        replicas: positiveInt("replicas").check(atMost("replicas", LIMITS.replicas)).optional(),
      },
      "a crash fault",
    ),
    obj(
      { kind: z.literal("latency"), ...faultBase, target: componentIdSchema, add: distributionSchema },
      "a latency fault",
    ),
    obj(
      { kind: z.literal("errors"), ...faultBase, target: componentIdSchema, probability: probability("probability") },
      "an errors fault",
    ),
    obj(
      {
        kind: z.literal("partition"),
        ...faultBase,
        between: z.tuple([componentIdSchema, componentIdSchema], {
          error: () => "between takes two component ids: [a, b]",
        }),
      },
      "a partition fault",
    ),
    obj(
      {
        kind: z.literal("slowdown"),
        ...faultBase,
        target: componentIdSchema,
        factor: finite("factor")
          .check((ctx) => {
            if (!(ctx.value > 0))
              ctx.issues.push({
                code: "custom",
                input: ctx.value,
                message: `factor must be greater than 0 (got ${ctx.value})`,
              });
          })
          .check(atMost("factor", LIMITS.slowdownFactor)),
      },
      "a slowdown fault",
    ),
  ],
  {
    error: (iss) => {
      if ((iss.code as string) === "invalid_type") return expected("a fault (a mapping with a kind)", iss.input);
      if (iss.code !== "invalid_union") return undefined;
      const input = iss.input as Record<string, unknown> | undefined;
      if (!input || typeof input !== "object" || Array.isArray(input))
        return expected("a fault (a mapping with a kind)", input);
      if (!("kind" in input)) return `a fault needs a kind: one of ${FAULT_KINDS.join(", ")}`;
      const hint = typeof input.kind === "string" ? suggest(input.kind, FAULT_KINDS) : undefined;
      return `unknown fault kind ${echo(input.kind)}${hint ? ` (did you mean ${quote(hint)}?)` : ""}; expected one of ${FAULT_KINDS.join(", ")}`;
    },
  },
);

export const scenarioSchema = obj(
  {
    workload: nameIdSchema("workload name"),
    duration: positiveDuration("duration").check((ctx) => {
      if (ctx.value > LIMITS.scenarioDurationMs)
        ctx.issues.push({
          code: "custom",
          input: ctx.value,
          message: `a scenario's duration must be at most ${durationLimit(LIMITS.scenarioDurationMs)} (got ${formatDuration(ctx.value)})`,
        });
    }),
    warmup: durationSchema.default(0),
    faults: z.array(faultSchema, { error: () => "faults takes a list of faults" }).default([]),
    description: text("description", 10_000).optional(),
  },
  "a scenario",
).check((ctx) => {
  if (ctx.value.warmup >= ctx.value.duration)
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: ["warmup"],
      message: `warmup (${formatDuration(ctx.value.warmup)}) must be shorter than duration (${formatDuration(ctx.value.duration)})`,
    });
});

export const layoutEntrySchema = obj(
  { x: finite("x"), y: finite("y"), width: nonNegative("width").optional(), height: nonNegative("height").optional() },
  "a layout position",
);

export const networkSchema = obj({ latency: dist() }, "network");

/** The keys and entries of the top level's mappings: parseDesign checks each entry on its own. */
export const ENTRY_SCHEMAS = {
  components: { key: componentIdSchema, value: componentSchema },
  workloads: { key: nameIdSchema("workload name"), value: workloadSchema },
  scenarios: { key: nameIdSchema("scenario name"), value: scenarioSchema },
  layout: { key: z.string(), value: layoutEntrySchema },
} satisfies Record<string, { key: z.ZodType<string>; value: z.ZodType }>;

/** The top level, field by field; parseDesign runs each part on its own so one part's errors do not hide another's. */
export const topLevelShape = {
  archsim: z.literal(1, {
    error: (iss) => {
      if (iss.input === undefined) return "archsim: 1 is required (the format version)";
      if (typeof iss.input === "string" && iss.input.trim() !== "" && Number(iss.input) === 1)
        return `archsim must be the number 1, not the string ${echo(iss.input)}`;
      return `unsupported format version ${echo(iss.input)}: this archsim reads version 1`;
    },
  }),
  name: text("name", 200).optional(),
  description: text("description", 10_000).optional(),
  network: networkSchema.default({ latency: ZERO }),
  components: recordOf(
    ENTRY_SCHEMAS.components.key,
    ENTRY_SCHEMAS.components.value,
    "components (a mapping of id to component)",
  ),
  workloads: recordOf(
    ENTRY_SCHEMAS.workloads.key,
    ENTRY_SCHEMAS.workloads.value,
    "workloads (a mapping of name to workload)",
  ).default({}),
  scenarios: recordOf(
    ENTRY_SCHEMAS.scenarios.key,
    ENTRY_SCHEMAS.scenarios.value,
    "scenarios (a mapping of name to scenario)",
  ).default({}),
  layout: recordOf(
    ENTRY_SCHEMAS.layout.key,
    ENTRY_SCHEMAS.layout.value,
    "layout (a mapping of component id to { x, y })",
  ).default({}),
};

/** The whole design in one schema (for JSON Schema export and whole-document checks). */
export const designSchema = obj(topLevelShape, "the design");

export type DesignInput = z.input<typeof designSchema>;
/** A parsed, normalized design: durations in ms, distributions tagged, defaults filled. */
export type Design = z.output<typeof designSchema>;
export type Component = z.output<typeof componentSchema>;
export type ServiceComponent = z.output<(typeof componentVariants)["service"]>;
export type GatewayComponent = z.output<(typeof componentVariants)["gateway"]>;
export type BrokerComponent = z.output<(typeof componentVariants)["broker"]>;
export type DatabaseComponent = z.output<(typeof componentVariants)["database"]>;
export type CacheComponent = z.output<(typeof componentVariants)["cache"]>;
export type RegistryComponent = z.output<(typeof componentVariants)["registry"]>;
export type ConfigComponent = z.output<(typeof componentVariants)["config"]>;
export type ObservabilityComponent = z.output<(typeof componentVariants)["observability"]>;
export type Operation = z.output<typeof operationSchema>;
export type Resilience = z.output<typeof resilienceSchema>;
export type Retries = z.output<typeof retriesSchema>;
export type CircuitBreaker = z.output<typeof circuitBreakerSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type Slo = z.output<typeof sloSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Fault = z.output<typeof faultSchema>;
export type FaultKind = Fault["kind"];
