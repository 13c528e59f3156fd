import { getTableName, is, Table } from "drizzle-orm";
import { type PgTable, getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { type SQLiteTable, getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "./schema";
import * as pgSchema from "./schema.pg";

// The two schemas must describe one database: the same tables, columns, nullability,
// defaults, keys and indexes, so rows read from either store have the same shape and
// both migrations folders build the same thing. A column added to one file only fails here.

const tablesOf = (schema: Record<string, unknown>) =>
  Object.fromEntries(
    Object.values(schema)
      .filter((v): v is Table => is(v, Table))
      .map((t) => [getTableName(t), t]),
  );

// Each dialect's column type, as the kind of value it holds.
const KIND: Record<string, string> = {
  SQLiteText: "text",
  SQLiteInteger: "integer",
  PgText: "text",
  PgBigInt53: "integer",
  PgInteger: "integer",
};

type Shape = {
  columns: Record<string, { kind: string; notNull: boolean; primary: boolean; unique: boolean; hasDefault: boolean; enum?: string[] }>;
  indexes: Record<string, string[]>;
  foreignKeys: string[];
};

function shape(cfg: ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>): Shape {
  const columns: Shape["columns"] = {};
  for (const c of cfg.columns) {
    columns[c.name] = {
      kind: KIND[c.columnType] ?? `unknown:${c.columnType}`,
      notNull: c.notNull,
      primary: c.primary,
      unique: c.isUnique,
      hasDefault: c.hasDefault,
      ...(c.enumValues?.length ? { enum: [...c.enumValues] } : {}),
    };
  }
  const indexes: Shape["indexes"] = {};
  for (const i of cfg.indexes) {
    indexes[i.config.name ?? ""] = i.config.columns.map((col) => (col as { name: string }).name);
  }
  const foreignKeys = cfg.foreignKeys.map((fk) => {
    const r = fk.reference();
    return `${r.columns.map((c) => c.name).join(",")}->${getTableName(r.foreignTable)}(${r.foreignColumns.map((c) => c.name).join(",")}) on delete ${fk.onDelete}`;
  });
  return { columns, indexes, foreignKeys };
}

describe("db/schema.ts and db/schema.pg.ts describe the same database", () => {
  const lite = tablesOf(sqliteSchema);
  const pg = tablesOf(pgSchema);

  it("have the same tables", () => {
    expect(Object.keys(pg).sort()).toEqual(Object.keys(lite).sort());
    expect(Object.keys(lite).length).toBeGreaterThanOrEqual(5);
  });

  for (const name of Object.keys(lite)) {
    it(`${name}: same columns (kind, null, key, default), indexes and foreign keys`, () => {
      const l = shape(sqliteConfig(lite[name] as SQLiteTable));
      const p = shape(pgConfig(pg[name] as PgTable));
      expect(Object.values(l.columns).some((c) => c.kind.startsWith("unknown"))).toBe(false);
      expect(p).toEqual(l);
    });
  }
});
