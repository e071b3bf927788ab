/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('./server/sessions.ts').SessionUser | null;
    session: import('./server/sessions.ts').ActiveSession | null;
    /** Every academy the signed-in user belongs to. */
    memberships: import('./lib/auth/guard.ts').MembershipView[];
    /** The membership this request acts under (see chooseMembership). */
    academyChoice: import('./lib/auth/guard.ts').MembershipChoice;
    /** Badge counts for the navigation: unread feedback (trainees), waiting submissions (staff). */
    badges: { feedback: number; queue: number };
    /** Why a request was refused, for the 403 page. */
    forbiddenReason?: string;
  }
}
