import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";

// Opaque credentials and their hashes. The database keeps only sha256(token): a copy of
// the database file lets nobody log in (docs/decisions/001-token-in-cookie-hash-in-db.md).

/** 256 bits from the OS CSPRNG, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newId(): string {
  return randomUUID();
}
