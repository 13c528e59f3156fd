// The shared UI of a first visit (issue 11's rough edges): who is signed in, an ended
// login at the top of the page, the phone's mode switch, the per-mode check counters,
// which labs need a login, the social image. English is the reference: ui.ko.ts has
// exactly these keys.
export const sharedEn = {
  account: {
    label: "Your login",
    signedInAs: "Logged in: {username}",
    modeSession: "session mode",
    modeJwt: "JWT mode",
    ended: "Login ended",
    logout: "Log out",
    loggingOut: "Logging out…",
  },
  ended: {
    heading: "This login was ended",
    whoami: "Login ended (was {username})",
  },
  api: {
    cleared: "The mode changed, so the previous mode's response was cleared. Call the API again to see how this mode checks a request.",
  },
  instance: {
    answeredBy: "answered by instance {id}",
  },
  modeSwitch: {
    label: "Which mode to show",
  },
  counters: {
    heading: "What the checks cost this server",
    intro:
      "Counted inside the authorization check of this server process since it started at {since}: every page, poll and API call that carries a login cookie is one check. The numbers belong to this one process (they restart from zero with it, and each instance counts its own).",
    caption: "Authorization checks per mode",
    colMeasure: "Measure",
    checks: "Authorizations",
    dbQueries: "DB queries",
    time: "Time inside the check",
    median: "One typical check (median of the last 200)",
    dbPer1000: "DB queries per 1,000 authorizations",
    timePer1000: "Time per 1,000 authorizations",
    ms: "{ms} ms",
    none: "—",
    takeaway:
      "A session check looks its row up in the database every time; a JWT check verifies a signature and reads nothing (only the denylist, when it is on, adds a lookup).",
  },
  labs: {
    needsLogin: "Needs a login",
    open: "Open to anyone",
  },
  login: {
    toRunLab: "Log in to run this lab. It works with your own login, so it needs one first.",
    toSeePage: "Log in to see this page.",
  },
  meta: {
    ogAlt: "AuthLab: session and JWT login state, side by side",
  },
};

export type SharedDict = typeof sharedEn;
