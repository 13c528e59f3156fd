import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getI18n } from "@/lib/i18n/server";
import { siteOrigins } from "@/lib/site";
import { Header } from "./_components/Header";
import { Inspector } from "./_components/inspector/Inspector";
import { muted } from "./_components/ui";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { app: dict, shared, locale } = await getI18n();
  // The icon is app/icon.svg (linked by Next); public/ holds favicon.ico, og.png, robots.txt.
  const image = { url: "/og.png", width: 1200, height: 630, alt: shared.meta.ogAlt };
  return {
    metadataBase: new URL(siteOrigins()[0] ?? "http://localhost:3000"),
    title: { default: dict.meta.title, template: `%s · ${dict.meta.title}` },
    description: dict.meta.description,
    openGraph: {
      type: "website",
      siteName: dict.meta.title,
      title: dict.meta.title,
      description: dict.meta.description,
      locale: locale === "ko" ? "ko_KR" : "en_US",
      images: [image],
    },
    twitter: { card: "summary_large_image", title: dict.meta.title, description: dict.meta.description, images: [image] },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, app: dict, learn, codes } = await getI18n();
  return (
    <html lang={locale}>
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only rounded-lg bg-indigo-600 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          {dict.header.skipToContent}
        </a>
        <Header
          dict={dict.header}
          language={dict.language}
          locale={locale}
          inspector={<Inspector learn={learn} dict={{ codes, time: dict.time, locale, errors: dict.errors, mode: dict.mode }} />}
        />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 focus:outline-none sm:px-6">
          {children}
        </main>
        <footer className={`mx-auto w-full max-w-7xl px-4 pt-6 pb-8 text-sm sm:px-6 ${muted}`}>{dict.footer.note}</footer>
      </body>
    </html>
  );
}
