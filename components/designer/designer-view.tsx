/**
 * The designer page body: a header with the design's name and the legend over the canvas.
 * Renders on the server; only the canvas is a client component.
 */
import type { Design } from "../../model";
import "./designer.css";
import { DesignCanvas } from "../canvas/design-canvas";
import { EdgeLegend } from "../canvas/legend";
import { toFlowElements } from "../canvas/to-flow";

export type DesignerViewProps = { design: Design; source: string };

export function DesignerView({ design, source }: DesignerViewProps) {
  const { nodes, edges } = toFlowElements(design);
  return (
    <div className="as-designer">
      <header className="as-header">
        <div className="as-brand" aria-label="archsim">
          <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true">
            <rect x="1" y="1" width="22" height="22" rx="6" fill="#2f5f9e" />
            <path
              d="M6 16.5 9.5 8l3 6 2-3.5 3.5 6"
              fill="none"
              stroke="#fff"
              strokeWidth="1.8"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span>archsim</span>
        </div>
        <div className="as-title-block">
          <h1 className="as-title" data-testid="design-name">
            {design.name ?? source}
          </h1>
          <p className="as-subtitle">
            <span className="as-source">{source}</span>
            <span>
              {nodes.length} components · {edges.length} connections
            </span>
          </p>
        </div>
        <EdgeLegend />
      </header>
      <main className="as-main">
        <DesignCanvas design={design} />
      </main>
    </div>
  );
}
