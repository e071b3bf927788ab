import { describe, expect, it } from 'vitest';
import {
  didDocument,
  didWebDocumentUrl,
  didWebFor,
  isLoopbackHost,
  slugOfDid,
} from '../../../src/lib/certification/did.ts';

describe('did:web of an academy', () => {
  it('is derived from the public URL: host, port as %3A, path segments, then academies:<slug>', () => {
    expect(didWebFor('https://stipple.example', 'demo')).toBe('did:web:stipple.example:academies:demo');
    expect(didWebFor('https://stipple.example/', 'demo')).toBe('did:web:stipple.example:academies:demo');
    expect(didWebFor('http://127.0.0.1:4321', 'demo')).toBe('did:web:127.0.0.1%3A4321:academies:demo');
    expect(didWebFor('https://example.org:8443/schools/stipple/', 'north-line')).toBe(
      'did:web:example.org%3A8443:schools:stipple:academies:north-line',
    );
    // The default port of the scheme is not written.
    expect(didWebFor('https://stipple.example:443', 'demo')).toBe('did:web:stipple.example:academies:demo');
  });

  it('resolves to the DID document URL of the did:web specification (http only on loopback)', () => {
    expect(didWebDocumentUrl('did:web:stipple.example:academies:demo')).toBe(
      'https://stipple.example/academies/demo/did.json',
    );
    expect(didWebDocumentUrl('did:web:127.0.0.1%3A4321:academies:demo#ed25519')).toBe(
      'http://127.0.0.1:4321/academies/demo/did.json',
    );
    expect(didWebDocumentUrl('did:web:example.org%3A8443:schools:stipple:academies:x')).toBe(
      'https://example.org:8443/schools/stipple/academies/x/did.json',
    );
    expect(didWebDocumentUrl('did:web:example.org')).toBe('https://example.org/.well-known/did.json');
    expect(didWebDocumentUrl('did:key:z6Mk')).toBeNull();
    expect(didWebDocumentUrl('https://example.org')).toBeNull();
  });

  it('round-trips: the DID of a URL resolves back under that URL', () => {
    for (const base of ['http://127.0.0.1:4321', 'https://a.example', 'https://a.example:9000/sub']) {
      expect(didWebDocumentUrl(didWebFor(base, 'demo'))).toBe(`${base}/academies/demo/did.json`);
    }
  });

  it('names its academy, and its document lists the keys as assertion methods', () => {
    expect(slugOfDid('did:web:127.0.0.1%3A4321:academies:demo#ed25519')).toBe('demo');
    expect(slugOfDid('did:web:example.org')).toBeNull();
    const did = 'did:web:a.example:academies:demo';
    const doc = didDocument(did, [
      { id: `${did}#ed25519`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6Mkx' },
    ]);
    expect(doc['@context'][0]).toBe('https://www.w3.org/ns/did/v1');
    expect(doc.assertionMethod).toEqual([`${did}#ed25519`]);
  });
});

describe('loopback hosts', () => {
  it('are the only ones allowed plain http', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('academy.example')).toBe(false);
  });
});
