/** Canonical form of an email address for storage and look-up: trimmed, NFC, lower-cased. */
export function normalizeEmail(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase();
}
