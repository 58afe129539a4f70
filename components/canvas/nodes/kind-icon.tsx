/** One inline line icon per component kind (24-unit grid, stroke = currentColor). */
import type { ReactElement } from "react";
import type { ComponentKind } from "../../../model";

const PATHS: Readonly<Record<ComponentKind, ReactElement>> = {
  client: (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" />
    </>
  ),
  gateway: (
    <>
      <path d="M3 12h6" />
      <path d="M9 12l4-6h8" />
      <path d="M9 12h12" />
      <path d="M9 12l4 6h8" />
      <path d="M18 3l3 3-3 3" />
      <path d="M18 15l3 3-3 3" />
    </>
  ),
  service: (
    <>
      <path d="M12 2.5l8.5 4.75v9.5L12 21.5l-8.5-4.75v-9.5z" />
      <path d="M3.5 7.25L12 12l8.5-4.75" />
      <path d="M12 12v9.5" />
    </>
  ),
  broker: (
    <>
      <rect x="2.5" y="5" width="19" height="14" rx="2" />
      <path d="M6.5 9v6M10.5 9v6M14.5 9v6" />
      <path d="M18 10l2 2-2 2" />
    </>
  ),
  registry: (
    <>
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="M15.5 15.5L21 21" />
      <path d="M8 8.5h5M8 11h5M8 13.5h3" />
    </>
  ),
  config: (
    <>
      <path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1" />
      <circle cx="15" cy="6" r="2" />
      <circle cx="9" cy="12" r="2" />
      <circle cx="17" cy="18" r="2" />
    </>
  ),
  observability: (
    <>
      <path d="M2.5 12h4l2.5-7 5 14 2.5-7h5" />
    </>
  ),
  database: (
    <>
      <ellipse cx="12" cy="5.5" rx="8" ry="3" />
      <path d="M4 5.5v13c0 1.7 3.6 3 8 3s8-1.3 8-3v-13" />
      <path d="M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" />
    </>
  ),
  cache: (
    <>
      <path d="M13 2.5L4.5 13.5H11l-1 8 8.5-11H12z" />
    </>
  ),
};

export function KindIcon({ kind, size = 18 }: { kind: ComponentKind; size?: number }) {
  return (
    <svg
      className="as-kind-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      data-kind-icon={kind}
    >
      {PATHS[kind]}
    </svg>
  );
}
