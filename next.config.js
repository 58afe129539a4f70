// @ts-check
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const dev = process.env.NODE_ENV === "development";

/**
 * The Content-Security-Policy of every page. Compromises, each for a reason:
 * - script-src 'unsafe-inline': Next.js bootstraps every page with inline scripts, and the
 *   pages are prerendered, so a per-request nonce (which needs a proxy and dynamic rendering)
 *   cannot reach them; no user text is ever rendered as HTML.
 * - 'unsafe-eval' in development only: React's dev build evaluates code to rebuild call stacks.
 * - style-src 'unsafe-inline': React Flow and React set inline styles.
 * - worker-src blob:: the Monaco editor starts its workers from blob URLs.
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Sent with every response; e2e/designer.spec.ts checks them. */
const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A native addon: loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3"],
  // Pin the workspace root: a lockfile in a parent folder must not be taken for it.
  turbopack: { root },
  outputFileTracingRoot: root,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
