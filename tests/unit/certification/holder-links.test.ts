import { describe, expect, it } from 'vitest';
import { linkedInAddToProfileUrl } from '../../../src/lib/certification/holder-links.ts';

describe('the LinkedIn add-to-profile link', () => {
  it('prefills name, organisation, issue and expiry month and year, id and URL', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        name: 'SMP Technician — Level 1',
        organizationName: 'Demo & Co Academy',
        issuedAt: new Date('2026-11-30T23:30:00Z'),
        validUntil: new Date('2028-01-01T00:00:00Z'),
        certId: 'ABCD-EFGH',
        certUrl: 'https://academy.example/verify/ABCDEFGH',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'SMP Technician — Level 1',
      organizationName: 'Demo & Co Academy',
      issueYear: '2026',
      issueMonth: '11',
      expirationYear: '2028',
      expirationMonth: '1',
      certId: 'ABCD-EFGH',
      certUrl: 'https://academy.example/verify/ABCDEFGH',
    });
  });
});
