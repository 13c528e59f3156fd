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
};

export default nextConfig;
