/**
 * schema-assist as Monaco providers for one model: completion (Ctrl+Space, or as keys are
 * typed) and hover. They run on the main thread, synchronously: a design parses in a
 * millisecond or two, and no worker means nothing more for the page's CSP to allow.
 */
import * as monaco from "monaco-editor";
import { getDesignJsonSchema } from "../../model/json-schema";
import type { AssistItem } from "./assist-types";
import { getCompletions, getHover, type JsonSchema } from "./schema-assist";

let schema: JsonSchema | undefined;
const getSchema = () => (schema ??= getDesignJsonSchema());

const KIND: Record<AssistItem["kind"], monaco.languages.CompletionItemKind> = {
  property: monaco.languages.CompletionItemKind.Property,
  value: monaco.languages.CompletionItemKind.EnumMember,
  reference: monaco.languages.CompletionItemKind.Reference,
};

/** Registers completion and hover from the design's JSON Schema for `model` only. */
export function registerSchemaAssist(model: monaco.editor.ITextModel): monaco.IDisposable {
  const toRange = (from: number, to: number) => {
    const start = model.getPositionAt(from);
    const end = model.getPositionAt(to);
    return new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
  };
  const completion = monaco.languages.registerCompletionItemProvider(model.getLanguageId(), {
    provideCompletionItems(m, position) {
      if (m !== model) return { suggestions: [] };
      const text = m.getValue();
      const offset = m.getOffsetAt(position);
      const result = getCompletions(text, offset, getSchema());
      // A completion replaces the word at the cursor, never the punctuation after it (such as
      // the `]` Monaco closed a `[` with): past the cursor, only word characters are taken.
      const wordEnd = offset + (/^[\w.-]*/.exec(text.slice(offset))?.[0].length ?? 0);
      const range = toRange(Math.min(result.from, offset), Math.min(Math.max(result.to, offset), wordEnd));
      return {
        suggestions: result.items.map((item, i) => ({
          label: item.label,
          kind: KIND[item.kind],
          insertText: item.insertText,
          detail: item.detail,
          documentation: item.documentation ? { value: item.documentation } : undefined,
          // The schema's order (required and common fields first), not the alphabet.
          sortText: String(i).padStart(4, "0"),
          range,
        })),
      };
    },
  });
  const hover = monaco.languages.registerHoverProvider(model.getLanguageId(), {
    provideHover(m, position) {
      if (m !== model) return null;
      const result = getHover(m.getValue(), m.getOffsetAt(position), getSchema());
      if (!result) return null;
      return { contents: [{ value: result.contents }], range: toRange(result.from, result.to) };
    },
  });
  return {
    dispose() {
      completion.dispose();
      hover.dispose();
    },
  };
}
