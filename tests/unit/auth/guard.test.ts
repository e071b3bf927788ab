import { describe, expect, it } from 'vitest';
import { chooseMembership, decideAccess, safeNextPath, type MembershipView } from '../../../src/lib/auth/guard.ts';
import { AREA_ROLES, ROLES, type Role } from '../../../src/lib/auth/roles.ts';

const member = (slug: string, role: Role, id = slug === 'a' ? 1 : 2): MembershipView => ({
  academyId: id,
  academySlug: slug,
  academyName: `Academy ${slug.toUpperCase()}`,
  role,
});

describe('chooseMembership', () => {
  const both = [member('a', 'trainee'), member('b', 'admin')];
  it('uses the academy the request names', () => {
    expect(chooseMembership(both, 'b', 'a')).toEqual({ membership: both[1], foreign: false });
  });
  it('flags a named academy the user does not belong to, instead of falling back', () => {
    expect(chooseMembership([member('a', 'admin')], 'b', null)).toEqual({ membership: null, foreign: true });
  });
  it('falls back to the remembered academy, then the first', () => {
    expect(chooseMembership(both, null, 'b').membership).toBe(both[1]);
    expect(chooseMembership(both, null, 'zzz').membership).toBe(both[0]);
    expect(chooseMembership([], null, null)).toEqual({ membership: null, foreign: false });
  });
});

describe('decideAccess: role × academy matrix', () => {
  const expected: Record<keyof typeof AREA_ROLES, Record<Role, boolean>> = {
    learn: { trainee: true, instructor: true, admin: true },
    drill: { trainee: true, instructor: true, admin: true },
    instructor: { trainee: false, instructor: true, admin: true },
    academy: { trainee: false, instructor: false, admin: true },
  };
  for (const [area, byRole] of Object.entries(expected) as [keyof typeof AREA_ROLES, Record<Role, boolean>][]) {
    for (const role of ROLES) {
      it(`${role} of their own academy ${byRole[role] ? 'may' : 'may not'} open ${area}`, () => {
        const choice = chooseMembership([member('a', role)], 'a', null);
        const decision = decideAccess({ signedIn: true, choice }, AREA_ROLES[area]);
        expect(decision.kind).toBe(byRole[role] ? 'allow' : 'forbidden');
      });
      it(`${role} of academy A may not open ${area} of academy B`, () => {
        const choice = chooseMembership([member('a', role)], 'b', null);
        const decision = decideAccess({ signedIn: true, choice }, AREA_ROLES[area]);
        expect(decision).toEqual({ kind: 'forbidden', reason: 'You are not a member of that academy.' });
      });
    }
  }

  it('sends a visitor without a session to sign in', () => {
    expect(decideAccess({ signedIn: false, choice: { membership: null, foreign: false } }, ['trainee'])).toEqual({
      kind: 'login',
    });
  });

  it('refuses a signed-in user with no academy, saying why', () => {
    const d = decideAccess({ signedIn: true, choice: { membership: null, foreign: false } }, ['trainee']);
    expect(d).toEqual({
      kind: 'forbidden',
      reason: 'You are not in an academy yet: create an academy or ask yours for an invitation.',
    });
  });

  it('names the roles and academy in the refusal', () => {
    const d = decideAccess(
      { signedIn: true, choice: chooseMembership([member('a', 'trainee')], null, null) },
      AREA_ROLES.instructor,
    );
    expect(d).toEqual({ kind: 'forbidden', reason: 'This page is for instructors and academy admins of Academy A.' });
  });
});

describe('safeNextPath', () => {
  it('keeps same-site paths and refuses anything that leaves the site', () => {
    expect(safeNextPath('/drill/frontal?x=1')).toBe('/drill/frontal?x=1');
    expect(safeNextPath('//evil.example/')).toBe('/learn');
    expect(safeNextPath('https://evil.example/')).toBe('/learn');
    expect(safeNextPath('/\\evil.example')).toBe('/learn');
    expect(safeNextPath('/learn\u20ac x')).toBe('/learn%E2%82%AC%20x');
    expect(safeNextPath('/caf\u00e9?q=\ud83d\ude00')).toBe('/caf%C3%A9?q=%F0%9F%98%80');
    expect(safeNextPath('/a\u007f')).toBe('/learn');
    expect(safeNextPath(null)).toBe('/learn');
  });
});
