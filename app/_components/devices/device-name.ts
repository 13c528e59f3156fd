import { t } from "@/lib/i18n";

// "Chrome on Linux" from a User-Agent header: enough to tell your own devices apart.
// The full string stays one hover away; this is a label, not a fingerprint.

const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\//, "Opera"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bHeadlessChrome\//, "Headless Chrome"],
  [/\bChrome\/|\bCriOS\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/^curl\//, "curl"],
  [/^node|undici/i, "Node.js"],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/\bAndroid\b/, "Android"],
  [/\biPhone\b|\biPad\b|\biOS\b/, "iOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

export interface DeviceName {
  browser: string | null;
  os: string | null;
}

export function deviceName(userAgent: string | null): DeviceName {
  if (!userAgent) return { browser: null, os: null };
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1] ?? null;
  const os = SYSTEMS.find(([re]) => re.test(userAgent))?.[1] ?? null;
  return { browser, os };
}

/** The label in the dictionary's words: "{browser} on {os}", or whatever part is known. */
export function deviceLabel(userAgent: string | null, dict: { deviceOn: string; unknownDevice: string }): string {
  const { browser, os } = deviceName(userAgent);
  if (browser && os) return t(dict.deviceOn, { browser, os });
  return browser ?? os ?? (userAgent ? userAgent.slice(0, 40) : dict.unknownDevice);
}
