import type { Design } from "./schema";

/** Parts of a design that passed the schema; a part that failed is absent. */
export type DesignParts = Partial<Omit<Design, "components" | "workloads" | "scenarios" | "layout">> & {
  components: Design["components"];
  workloads: Design["workloads"];
  scenarios: Design["scenarios"];
  layout: Design["layout"];
};

/** Ids present in the source, with their raw values, so references to a broken part are not reported twice. */
export type RawComponents = Map<string, unknown>;
