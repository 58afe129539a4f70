/** The design model: schema, units, parsing with positions, checks, printing. */
export * from "./units";
export * from "./schema";
export * from "./diagnostics";
export {
  parseDesign,
  MAX_DESIGN_BYTES,
  MAX_ALIAS_NODES,
  MAX_DEPTH,
  type ParseDesignOptions,
  type ParseDesignResult,
} from "./parse";
export { checkDesign, walkSteps, FAN_OUT_WARNING } from "./validate";
export { suggest } from "./suggest";
export { quote, escapeText } from "./quote";
export {
  printDesign,
  toDesignInput,
  distributionToInput,
  editDesignText,
  stepToInput,
  type DesignTextEdit,
} from "./print";
export { getDesignJsonSchema } from "./json-schema";
export {
  applyDesignChange,
  DesignChangeError,
  NEW_OPERATION,
  parseFieldInput,
  readDesignField,
  createFieldReader,
  type DesignFieldReader,
  type ConnectionKind,
  type DesignChange,
  type DesignChangeResult,
} from "./commands";
export { diffLines, diffLineArrays, DIFF_CELL_LIMIT, type DiffLine } from "./line-diff";
export type {
  ApiError,
  DesignSummary,
  DesignVersion,
  DesignVersionSummary,
  ExampleSummary,
  ExampleText,
  StoredDesign,
} from "./design-api";
export { blastRadius, ROUTE_IMPACTS, type BlastRadius, type RouteBlast, type RouteImpact } from "./blast-radius";
