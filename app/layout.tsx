import type { Metadata } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import { THEME_BOOT_SCRIPT } from "../components/ui/theme";
import "./globals.css";

/** Inter, self-hosted from the npm package: the same metrics on every machine, no font download. */
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  variable: "--as-font",
  display: "swap",
});

export const metadata: Metadata = {
  title: "archsim",
  description: "Design a microservice system, simulate it under load and failure, and generate the code that runs it.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme attribute is set before hydration by the boot script, from the stored choice.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
