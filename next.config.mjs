// OWASP HTTP Headers Cheat Sheet. Not "no-referrer": with it, browsers send
// `Origin: null` on same-origin POSTs, which the CSRF check (lib/http.ts) must refuse.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time
  // instead of letting the bundler try to inline it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Lets tests and the benchmark build side by side without clobbering `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` and `npm run check` run `tsc --noEmit` over everything first; doing it
  // again inside `next build` only doubles the wait.
  typescript: { ignoreBuildErrors: true },
  // forbidden() / unauthorized(): /admin answers 403 / 401 itself, like the /api/admin routes.
  experimental: { authInterrupts: true },
  // Headers every response gets. The per-page, nonce-based Content-Security-Policy is
  // set in proxy.ts; JSON from the API gets a policy that allows nothing at all.
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
      // HSTS only means something over HTTPS; plain http://localhost must keep working.
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
