import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { academies } from '../../db/schema.ts';
import { prepareDatabase } from '../../src/server/db.ts';
import { tempDbPath } from '../support/db.ts';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('migration 0008 follow-up', () => {
  it('gives an academy without a P-256 key one at start-up, and keeps existing keys', async () => {
    process.env.STIPPLE_SEED = 'basic';
    const file = tempDbPath();
    const db = await prepareDatabase(file, () => {});
    const before = db.select().from(academies).get()!;
    expect(before.p256PublicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(before.p256PrivateJwk).toHaveProperty('d');
    // As an academy created before the migration: no P-256 key.
    db.update(academies).set({ p256PublicJwk: null, p256PrivateJwk: null }).where(eq(academies.id, before.id)).run();
    db.$client.close();
    const again = await prepareDatabase(file, () => {});
    const after = again.select().from(academies).get()!;
    expect(after.p256PublicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(after.p256PublicJwk).not.toEqual(before.p256PublicJwk);
    expect(after.publicKeyJwk).toEqual(before.publicKeyJwk);
    const third = await prepareDatabase(file, () => {});
    expect(third.select().from(academies).get()!.p256PublicJwk).toEqual(after.p256PublicJwk);
    again.$client.close();
    third.$client.close();
  });
});
