/**
 * What the editor's Export menu writes: file names made from a design's name, and the design
 * as JSON. Pure, so they are tested without a browser.
 */
import { toDesignInput, type Design } from "../../model";

/** The file formats of the Export menu, by extension. */
export type ExportFormat = "yaml" | "json" | "png" | "svg";

export const EXPORT_MIME: Readonly<Record<ExportFormat, string>> = {
  yaml: "application/yaml",
  json: "application/json",
  png: "image/png",
  svg: "image/svg+xml",
};

/** A file name's stem is cut to this many characters (file systems allow 255 bytes in all). */
const MAX_STEM = 80;
/** Names Windows refuses as a file's stem, whatever the extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * A safe file name for a design: its name as lowercase words of ASCII letters, digits, `.`,
 * `_` and `-` joined by `-` (accents dropped, everything else a separator), "design" when
 * nothing is left.
 * @example toFileName("E-commerce order processing", "yaml") // "e-commerce-order-processing.yaml"
 */
export function toFileName(name: string | undefined, format: ExportFormat): string {
  let stem = (name ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    // No hidden files (a leading dot), no trailing dots (Windows drops them).
    .replace(/^[-.]+|[-.]+$/g, "");
  if (stem.length > MAX_STEM) stem = stem.slice(0, MAX_STEM).replace(/[-.]+$/, "");
  if (stem === "") stem = "design";
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}-design`;
  return `${stem}.${format}`;
}

/**
 * The design as JSON in the format's own written form (durations as `"5ms"`, distributions as
 * one-key mappings), so the file imports back to the same design.
 */
export function toDesignJson(design: Design): string {
  return `${JSON.stringify(toDesignInput(design), null, 2)}\n`;
}
