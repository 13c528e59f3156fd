import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Architecture rules the code review asked for, checked on every run: one folder (db/)
// owns every query, and the core auth code does not depend on the labs.

const ROOT = path.resolve(__dirname, "..", "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const importsOf = (file: string) =>
  [...fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1] ?? "");

describe("the data layer is the only way into the database", () => {
  it("nothing outside db/ imports the connection, the tables (either dialect), drizzle-orm or a driver", () => {
    const offenders = [...sources("app"), ...sources("lib")]
      .filter((f) => !f.startsWith(path.join("lib", "test")))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) =>
            /^@\/db\/(client|schema|schema\.pg)$|^drizzle-orm|^better-sqlite3$|^pg$|^\.\.?\/.*db\/(client|schema|schema\.pg)$/.test(i),
          )
          .map((i) => `${f} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it("the rule is live: it sees the imports inside db/ itself", () => {
    expect(importsOf(path.join("db", "store", "sqlite", "conn.ts"))).toContain("../../client");
    expect(importsOf(path.join("db", "store", "pg", "conn.ts"))).toContain("pg");
  });
});

describe("core auth does not depend on the labs", () => {
  it("no module under lib/auth imports lib/labs", () => {
    const offenders = sources(path.join("lib", "auth")).flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^@\/lib\/labs|\/labs\/)/.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
