/** Only local paths: "/x" yes; "//evil.example", "/\\evil", "https://…" no (open redirect). */
export function safeNextPath(raw: string | null | undefined, fallback = "/dashboard"): string {
  if (!raw || raw.length > 512) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  // Control characters (tab, CR, LF…) are stripped by URL parsers and can turn "/\t/evil" into "//evil".
  for (const ch of raw) if ((ch.codePointAt(0) ?? 0) < 0x20 || ch === "\u007f") return fallback;
  return raw;
}
