/** Only local paths: "/x" yes; "//evil.example", "/\\evil", "https://…" no (open redirect). */
export function safeNextPath(raw: string | null | undefined, fallback = "/dashboard"): string {
  if (!raw || raw.length > 512) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  // Printable ASCII only: control characters (tab, CR, LF…) are stripped by URL parsers
  // and can turn "/\t/evil" into "//evil", and a Location header cannot carry non-ASCII.
  for (const ch of raw) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code > 0x7e) return fallback;
  }
  return raw;
}
