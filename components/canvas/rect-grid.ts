/**
 * A uniform grid over rectangles, so "which rects may touch this box" looks at a few cells
 * instead of every node: edge geometry asks it for each edge and label spot, which made a
 * drag on a 1,000-component design quadratic.
 */
export type Rect = { x: number; y: number; width: number; height: number };

const CELL = 256;

export class RectGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly ids: string[] = [];
  private readonly rects: Rect[] = [];
  private seen = new Uint32Array(0);
  private stamp = 0;

  constructor(rects: ReadonlyMap<string, Rect> = new Map()) {
    for (const [id, r] of rects) this.add(id, r);
  }

  add(id: string, r: Rect): void {
    const i = this.ids.length;
    this.ids.push(id);
    this.rects.push(r);
    this.forCells(r.x, r.y, r.x + r.width, r.y + r.height, (key) => {
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    });
  }

  /**
   * Calls `visit` for every rect whose cells meet the box [x0, x1] × [y0, y1], each once and in
   * the order the rects were given (so sums over them come out bit for bit as a full scan's).
   * Stops early when `visit` returns true.
   */
  some(x0: number, y0: number, x1: number, y1: number, visit: (id: string, r: Rect) => boolean | void): boolean {
    if (this.seen.length < this.ids.length) this.seen = new Uint32Array(this.ids.length * 2);
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const found: number[] = [];
    const cells =
      (Math.floor(Math.max(x0, x1) / CELL) - Math.floor(Math.min(x0, x1) / CELL) + 1) *
      (Math.floor(Math.max(y0, y1) / CELL) - Math.floor(Math.min(y0, y1) / CELL) + 1);
    if (cells > this.ids.length) {
      // A box over more cells than there are rects: a plain scan is cheaper.
      for (let i = 0; i < this.ids.length; i++) if (visit(this.ids[i]!, this.rects[i]!)) return true;
      return false;
    }
    this.forCells(x0, y0, x1, y1, (key) => {
      for (const i of this.cells.get(key) ?? []) {
        if (this.seen[i] !== this.stamp) {
          this.seen[i] = this.stamp;
          found.push(i);
        }
      }
    });
    found.sort((a, b) => a - b);
    for (const i of found) if (visit(this.ids[i]!, this.rects[i]!)) return true;
    return false;
  }

  private forCells(x0: number, y0: number, x1: number, y1: number, f: (key: number) => void): void {
    const cx0 = Math.floor(Math.min(x0, x1) / CELL);
    const cx1 = Math.floor(Math.max(x0, x1) / CELL);
    const cy0 = Math.floor(Math.min(y0, y1) / CELL);
    const cy1 = Math.floor(Math.max(y0, y1) / CELL);
    for (let cx = cx0; cx <= cx1; cx++) {
      // Cells are keyed by a pair folded into one number; 2^21 cells each way is ±268M px.
      for (let cy = cy0; cy <= cy1; cy++) f((cx + 0x100000) * 0x200000 + (cy + 0x100000));
    }
  }
}
