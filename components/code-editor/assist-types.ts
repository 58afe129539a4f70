/** What schema-assist offers, in offsets and Markdown, free of Monaco's types. */

/** Keys and sequence indexes from the top of the document. */
export type YamlPath = (string | number)[];

export interface AssistItem {
  label: string;
  /** property: a key of the mapping; value: an enum, const or boolean; reference: an id in the design. */
  kind: "property" | "value" | "reference";
  insertText: string;
  /** A short line beside the label: the type, the default, what an id is. */
  detail?: string;
  /** Markdown: what the field means. */
  documentation?: string;
}
