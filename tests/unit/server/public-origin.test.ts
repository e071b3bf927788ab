import { describe, expect, it } from 'vitest';
import { issuerDid, publicOrigin, statusListUrl } from '../../../src/server/issuer.ts';

describe('the origin written into signed documents', () => {
  it('is STIPPLE_PUBLIC_URL when set, without trailing slashes', () => {
    expect(publicOrigin({ STIPPLE_PUBLIC_URL: 'https://academy.example/', HOST: '0.0.0.0', PORT: '80' })).toBe(
      'https://academy.example',
    );
  });
  it('else the configured HOST:PORT (never a request’s Host header), 127.0.0.1:4321 by default', () => {
    expect(publicOrigin({ HOST: '127.0.0.1', PORT: '5000' })).toBe('http://127.0.0.1:5000');
    expect(publicOrigin({})).toBe('http://127.0.0.1:4321');
    expect(publicOrigin({ HOST: '::1', PORT: '4321' })).toBe('http://[::1]:4321');
  });
  it('gives the academy’s did:web and status list URL', () => {
    expect(issuerDid('demo', 'http://127.0.0.1:4321')).toBe('did:web:127.0.0.1%3A4321:academies:demo');
    expect(statusListUrl('demo', 'https://a.example')).toBe('https://a.example/academies/demo/status/revocation');
  });
});
