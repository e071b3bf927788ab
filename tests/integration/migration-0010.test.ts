/**
 * Migration 0010 freezes on each certificate the program name, hours and academy name it was issued with: from
 * its signed Data Integrity credential when it has one, else (older, JWT-only certificates) from the program and
 * academy as they are at migration time.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { migrationsUpTo } from '../support/migrations.ts';
import { tempDir } from '../support/temp.ts';

describe('migration 0010 on a database with certificates', () => {
  it('backfills the frozen facts from the signed credential, else from the program and academy', () => {
    const file = path.join(tempDir('stipple-migrate-'), 'old.db');
    const old = openDatabase(file, { migrationsFolder: migrationsUpTo('0009_attempt_sessions') });
    const run = (sql: string, ...args: unknown[]) => old.$client.prepare(sql).run(...args);
    run(`insert into users (id, email, display_name, password_hash) values (1, 'tia@a.test', 'Tia Trainee', 'x')`);
    run(`insert into academies (id, slug, name, join_code, public_key_jwk, private_key_jwk)
         values (1, 'a', 'Academy Renamed Since', 'A-CODE', '{"kty":"OKP"}', '{"kty":"OKP","d":"x"}')`);
    run(`insert into programs (id, academy_id, name, description, hours, validity_months, requirements, renewal, updated_at)
         values (1, 1, 'Program Renamed Since', 'd', 55, 24, '{}', '{}', 0)`);
    const signed = {
      issuer: { id: 'did:web:a', name: 'Academy At Issue' },
      credentialSubject: { achievement: { name: 'Program At Issue', creditsAvailable: 40 } },
    };
    const insert = (id: number, code: string, json: string | null) =>
      run(
        `insert into certificates (id, code, academy_id, program_id, user_id, holder_name, issued_at, valid_from,
         valid_until, summary, credential_jwt, credential_json, status_index) values (?, ?, 1, 1, 1, 'Tia', 0, 0, 1, '{}', 'jwt', ?, ?)`,
        id,
        code,
        json,
        json ? id : null,
      );
    insert(1, 'AAAAAAAAAAAAAAAAAAAA', JSON.stringify(signed));
    insert(2, 'BBBBBBBBBBBBBBBBBBBB', null);
    old.$client.close();

    const db = openDatabase(file);
    const rows = db.$client
      .prepare('select id, program_name, program_hours, issuer_name from certificates order by id')
      .all();
    expect(rows).toEqual([
      { id: 1, program_name: 'Program At Issue', program_hours: 40, issuer_name: 'Academy At Issue' },
      { id: 2, program_name: 'Program Renamed Since', program_hours: 55, issuer_name: 'Academy Renamed Since' },
    ]);
    db.$client.close();
  });
});
