/**
 * Password hashing with argon2id at OWASP's recommended minimum
 * (19 MiB memory, 2 iterations, 1 lane).
 */
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a `const enum`, so not importable as a value). */
const ARGON2ID = 2;

/** argon2id with 19 MiB of memory, 2 iterations and 1 lane. */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** The shortest password accepted. */
export const PASSWORD_MIN_LENGTH = 8;
/** The longest password accepted, so hashing cost stays bounded. */
export const PASSWORD_MAX_LENGTH = 256;

/** Hashes a password into a self-describing PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** True when `password` matches `passwordHash`; false (never throws) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Computed on first use, then shared. */
let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, verified against when the email is unknown so that a
 * failed sign-in takes the same time whether or not the account exists.
 */
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
