import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { type HashTicket, hashPool } from "./hash-pool";

// scrypt at OWASP's parameters (N=2^17, r=8, p=1: 128 MiB, ~0.3 s here), on the hashing
// pool's own threads (./hash-pool.ts), never libuv's. Tests set AUTHLAB_FAST_KDF=1 for
// N=2^10. Parameters travel in the hash, so either verifies.
//
// A request that hashes takes a ticket first (admitPasswordWork: 503 busy when the queue
// is full) and passes it in; start-up work (seeding) runs without one.

const STRONG = { N: 2 ** 17, r: 8, p: 1 };
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const KEY_LEN = 32;

function scryptAsync(password: string, salt: Buffer, p: { N: number; r: number; p: number }, ticket?: HashTicket): Promise<Buffer> {
  const job = { password: password.normalize("NFKC"), salt, keyLen: KEY_LEN, ...p };
  return ticket ? ticket.run(job) : hashPool().run(job);
}

/** A place in the hashing queue for this request, or 503 busy. Release it if unused. */
export function admitPasswordWork(): HashTicket {
  return hashPool().admit();
}

export function kdfParams(): { N: number; r: number; p: number } {
  return env().AUTHLAB_FAST_KDF === "1" ? FAST : STRONG;
}

export async function hashPassword(password: string, ticket?: HashTicket): Promise<string> {
  const params = kdfParams();
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params, ticket);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string, ticket?: HashTicket): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split("$");
  if (alg !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  try {
    const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) }, ticket);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    return false; // parameters scrypt refuses (NaN, not a power of two, over maxmem): not a hash of ours
  }
}

// A fixed hash to verify against when the username is unknown, so "no such user" costs
// the same time as "wrong password" and timing does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
