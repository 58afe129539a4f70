/**
 * The shapes of the designs HTTP API (docs/api.md), shared by the server that answers and
 * the browser client that asks. Types only.
 */

/** What a design list shows of one design. */
export interface DesignSummary {
  id: string;
  name: string;
  version: number;
  updatedAt: string;
}

/** A design at its current version: the text exactly as it was saved. */
export interface StoredDesign extends DesignSummary {
  yaml: string;
}

/** One saved version in a design's history. */
export interface DesignVersionSummary {
  version: number;
  name: string;
  savedAt: string;
  /** Size of the text in UTF-8 bytes. */
  bytes: number;
}

export interface DesignVersion extends DesignVersionSummary {
  yaml: string;
}

/** One error in a response body; for a refused design, where the model found it. */
export interface ApiError {
  line: number;
  col: number;
  path: string;
  message: string;
}

/** A shipped example, as the "new design" form lists it. */
export interface ExampleSummary {
  /** The file name in examples/ without `.yaml`. */
  id: string;
  name: string;
  /** The design's description on one line, shortened. */
  description: string;
  /** How many components it has. */
  components: number;
}

/** A shipped example's text, exactly as in its file. */
export interface ExampleText {
  id: string;
  name: string;
  yaml: string;
}
