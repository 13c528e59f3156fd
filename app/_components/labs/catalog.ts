// The labs, in reading order: where each lives, which dictionary section it reads, the
// standards it illustrates (labels are translated; the links are not).
export type Section = "xss" | "replay" | "refresh" | "race" | "dbLeak" | "cookieSize" | "timeTravel" | "scale" | "jwks";

export interface LabEntry {
  slug: string;
  section: Section;
  demoOnly: boolean;
  /** The page runs with the visitor's own login (requirePageLogin); /labs marks it. */
  needsLogin: boolean;
  standards: Array<{ label: string; href: string }>; // label: a key of the lab's dictionary section
}

const OWASP = "https://cheatsheetseries.owasp.org/cheatsheets";
const RFC = "https://www.rfc-editor.org/rfc";

export const LABS: LabEntry[] = [
  {
    slug: "xss",
    section: "xss",
    demoOnly: false,
    needsLogin: true,
    standards: [
      { label: "stdLocal", href: `${OWASP}/HTML5_Security_Cheat_Sheet.html#local-storage` },
      { label: "stdCookies", href: `${OWASP}/Session_Management_Cheat_Sheet.html#cookies` },
      { label: "stdCsrf", href: `${OWASP}/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#samesite-cookie-attribute` },
    ],
  },
  {
    slug: "replay",
    section: "replay",
    demoOnly: false,
    needsLogin: true,
    standards: [
      { label: "stdSession", href: `${OWASP}/Session_Management_Cheat_Sheet.html#session-expiration` },
      { label: "stdJwt", href: `${OWASP}/JSON_Web_Token_for_Java_Cheat_Sheet.html#no-built-in-token-revocation-by-the-user` },
    ],
  },
  {
    slug: "refresh",
    section: "refresh",
    demoOnly: true,
    needsLogin: true,
    standards: [
      { label: "stdRfc9700", href: `${RFC}/rfc9700#section-4.14` },
      { label: "stdRfc8725", href: `${RFC}/rfc8725` },
    ],
  },
  {
    slug: "race",
    section: "race",
    demoOnly: true,
    needsLogin: true,
    standards: [{ label: "stdRfc9700", href: `${RFC}/rfc9700#section-4.14` }],
  },
  {
    slug: "db-leak",
    section: "dbLeak",
    demoOnly: false,
    needsLogin: true,
    standards: [
      { label: "stdRfc6819", href: `${RFC}/rfc6819#section-5.1.4.1.3` },
      { label: "stdPasswords", href: `${OWASP}/Password_Storage_Cheat_Sheet.html` },
    ],
  },
  {
    slug: "cookie-size",
    section: "cookieSize",
    demoOnly: false,
    needsLogin: false,
    standards: [
      { label: "stdRfc6265", href: `${RFC}/rfc6265#section-6.1` },
      { label: "stdRfc8725", href: `${RFC}/rfc8725` },
    ],
  },
  {
    slug: "time-travel",
    section: "timeTravel",
    demoOnly: true,
    needsLogin: true,
    standards: [
      { label: "stdSession", href: `${OWASP}/Session_Management_Cheat_Sheet.html#session-expiration` },
      { label: "stdExp", href: `${RFC}/rfc7519#section-4.1.4` },
    ],
  },
  {
    slug: "scale-out",
    section: "scale",
    demoOnly: true,
    needsLogin: true,
    standards: [
      { label: "stdJwt", href: `${RFC}/rfc7519` },
      { label: "stdSession", href: `${OWASP}/Session_Management_Cheat_Sheet.html` },
    ],
  },
  {
    slug: "resource-server",
    section: "jwks",
    demoOnly: true,
    needsLogin: true,
    standards: [
      { label: "stdJwk", href: `${RFC}/rfc7517` },
      { label: "stdBcp", href: `${RFC}/rfc8725` },
      { label: "stdAtJwt", href: `${RFC}/rfc9068` },
    ],
  },
];

export function labBySlug(slug: string): LabEntry {
  const lab = LABS.find((l) => l.slug === slug);
  if (!lab) throw new Error(`unknown lab ${slug}`);
  return lab;
}
