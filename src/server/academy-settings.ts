/** An academy's settings on the database: read, save (audited), and its images served to the public. */
import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { academies } from '../../db/schema.ts';
import { sniffImageType } from '../lib/academy/settings.ts';
import { audit } from './audit.ts';

/** What the settings page shows. */
export interface AcademySettings {
  name: string;
  slug: string;
  joinCode: string;
  contactEmail: string | null;
  signatoryName: string | null;
  signatoryTitle: string | null;
  hasLogo: boolean;
  hasSignature: boolean;
}

/** The academy's settings. */
export function settingsOf(db: Queryable, academyId: number): AcademySettings {
  const a = db.select().from(academies).where(eq(academies.id, academyId)).get()!;
  return {
    name: a.name,
    slug: a.slug,
    joinCode: a.joinCode,
    contactEmail: a.contactEmail,
    signatoryName: a.signatoryName,
    signatoryTitle: a.signatoryTitle,
    hasLogo: !!a.logo,
    hasSignature: !!a.signatureImage,
  };
}

/** A validated change of settings; images are replaced only when given (`null` removes one). */
export interface SettingsChange {
  name: string;
  contactEmail: string | null;
  signatoryName: string | null;
  signatoryTitle: string | null;
  logo?: Uint8Array | null;
  signature?: Uint8Array | null;
}

/** Saves the settings of one academy in one transaction, audited. */
export function saveSettings(db: Db, academyId: number, actorId: number, change: SettingsChange): void {
  const set: Partial<typeof academies.$inferInsert> = {
    name: change.name,
    contactEmail: change.contactEmail,
    signatoryName: change.signatoryName,
    signatoryTitle: change.signatoryTitle,
  };
  if (change.logo !== undefined) {
    set.logo = change.logo ? Buffer.from(change.logo) : null;
    set.logoType = change.logo ? sniffImageType(change.logo) : null;
  }
  if (change.signature !== undefined) {
    set.signatureImage = change.signature ? Buffer.from(change.signature) : null;
    set.signatureImageType = change.signature ? sniffImageType(change.signature) : null;
  }
  db.transaction((tx) => {
    tx.update(academies).set(set).where(eq(academies.id, academyId)).run();
    audit(tx, {
      academyId,
      actorUserId: actorId,
      action: 'academy.settings_changed',
      subject: `academy:${academyId}`,
      detail: {
        name: change.name,
        contactEmail: change.contactEmail,
        signatoryName: change.signatoryName,
        signatoryTitle: change.signatoryTitle,
        ...(change.logo !== undefined ? { logo: change.logo ? 'replaced' : 'removed' } : {}),
        ...(change.signature !== undefined ? { signature: change.signature ? 'replaced' : 'removed' } : {}),
      },
    });
  });
}

/** An academy's logo or signature image by slug (bytes and type), or null. */
export function academyImage(db: Queryable, slug: string, which: 'logo' | 'signature') {
  const a = db
    .select({
      logo: academies.logo,
      logoType: academies.logoType,
      signature: academies.signatureImage,
      signatureType: academies.signatureImageType,
    })
    .from(academies)
    .where(eq(academies.slug, slug))
    .get();
  if (!a) return null;
  const bytes = which === 'logo' ? a.logo : a.signature;
  const type = which === 'logo' ? a.logoType : a.signatureType;
  return bytes && type ? { bytes, type } : null;
}
