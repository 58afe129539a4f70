/**
 * A context menu asked for on the canvas: a component or a connection, and where. The canvas
 * dispatches it on `window` as a cancelable event; whoever offers a menu there (the run panel,
 * during a run) calls preventDefault, and the browser's own menu is then not shown.
 */
export const CANVAS_MENU_EVENT = "archsim:canvas-menu";

export type CanvasMenuTarget = { node: string } | { edge: { source: string; target: string } };
export type CanvasMenuDetail = CanvasMenuTarget & { x: number; y: number };

/** Asks for a menu; true when someone offered one. */
export function requestCanvasMenu(detail: CanvasMenuDetail): boolean {
  const event = new CustomEvent<CanvasMenuDetail>(CANVAS_MENU_EVENT, { detail, cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}
