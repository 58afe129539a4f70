"use client";
/**
 * One generated file in a read-only Monaco (bundled, no CDN, as the YAML editor), its language
 * from the file's name. The language services are off: these are files to read, and only the
 * editor's own worker is bundled. Load it with next/dynamic and `ssr: false`.
 */
import * as monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import { getEditorTheme, watchEditorTheme } from "../code-editor/editor-theme";

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

if (typeof window !== "undefined" && !window.MonacoEnvironment) {
  window.MonacoEnvironment = {
    getWorker: () => new Worker(new URL("../code-editor/editor.worker.ts", import.meta.url), { type: "module" }),
  };
}

let servicesOff = false;
/** Colouring only: no diagnostics, hovers or completion, which would need the TS and JSON workers. */
function turnLanguageServicesOff() {
  if (servicesOff) return;
  servicesOff = true;
  monaco.typescript.typescriptDefaults.setModeConfiguration({});
  monaco.typescript.javascriptDefaults.setModeConfiguration({});
  monaco.json.jsonDefaults.setModeConfiguration({ tokens: true });
}

/** Monaco's language for a generated file, from its name. */
export function getFileLanguage(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name === "Dockerfile") return "dockerfile";
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : "";
  const byExt: Record<string, string> = {
    ts: "typescript",
    mts: "typescript",
    js: "javascript",
    mjs: "javascript",
    json: "json",
    yaml: "yaml",
    yml: "yaml",
    md: "markdown",
    sh: "shell",
    sql: "sql",
  };
  return byExt[ext] ?? "plaintext";
}

export default function ExportCodeViewer({ path, content }: { path: string; content: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    turnLanguageServicesOff();
    const e = monaco.editor.create(el, {
      readOnly: true,
      domReadOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      renderWhitespace: "selection",
      ariaLabel: "Generated file (read-only)",
      theme: getEditorTheme(
        document.documentElement.getAttribute("data-theme"),
        window.matchMedia("(prefers-color-scheme: dark)").matches,
      ),
    });
    editor.current = e;
    const stopTheme = watchEditorTheme((theme) => monaco.editor.setTheme(theme));
    return () => {
      stopTheme();
      e.getModel()?.dispose();
      e.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const old = e.getModel();
    e.setModel(monaco.editor.createModel(content, getFileLanguage(path)));
    e.updateOptions({ ariaLabel: `${path} (read-only)` });
    old?.dispose();
  }, [path, content]);

  return <div ref={host} className="as-export-code-monaco" data-testid="export-code-editor" data-path={path} />;
}
