/**
 * Design text in Markdown and Mermaid: labels, names and descriptions are free text, so each
 * goes through one of these before it lands in the README.
 */

/** One line of Markdown text: no HTML, no emphasis, links, tables or headings from the design. */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]{}()#+!|~])/g, "\\$1")
    .trim();
}

/**
 * Text inside a quoted Mermaid label (`id["…"]`, `-->|"…"|`): Mermaid's entity codes for the
 * characters that would end the label, start an entity or be read as HTML or Markdown.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[#"<>&`|]/g, (c) => `#${c.charCodeAt(0)};`)
    .trim();
}

/** A Mermaid node id from a component id: prefixed, so no id can be a Mermaid keyword (`end`, `graph`). */
export function mermaidId(id: string): string {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`generator bug: ${JSON.stringify(id)} is not a component id`);
  return `c_${id.replace(/-/g, "_")}`;
}
