/**
 * The Monaco theme that matches the app's: `<html data-theme="light|dark">`, or the system's
 * preference when the attribute is absent (or any other value).
 */
export type EditorTheme = "vs" | "vs-dark";

export function getEditorTheme(dataTheme: string | null | undefined, prefersDark: boolean): EditorTheme {
  if (dataTheme === "dark") return "vs-dark";
  if (dataTheme === "light") return "vs";
  return prefersDark ? "vs-dark" : "vs";
}

/**
 * Calls `onChange` with the theme now and whenever `data-theme` on <html> or the system's
 * colour scheme changes; returns the function that stops watching.
 */
export function watchEditorTheme(onChange: (theme: EditorTheme) => void): () => void {
  const html = document.documentElement;
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  let last: EditorTheme | null = null;
  const update = () => {
    const theme = getEditorTheme(html.getAttribute("data-theme"), media.matches);
    if (theme !== last) onChange((last = theme));
  };
  const observer = new MutationObserver(update);
  observer.observe(html, { attributes: true, attributeFilter: ["data-theme"] });
  media.addEventListener("change", update);
  update();
  return () => {
    observer.disconnect();
    media.removeEventListener("change", update);
  };
}
