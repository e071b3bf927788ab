/**
 * Links a certificate holder uses: LinkedIn's "Add to profile" form filled with the certificate, and the text a
 * wallet QR code carries.
 */

/** What LinkedIn's add-to-profile link needs about a certificate. */
export interface LinkedInCertification {
  name: string;
  organizationName: string;
  issuedAt: Date;
  validUntil: Date;
  /** The printed certificate code. */
  certId: string;
  /** The public verification URL. */
  certUrl: string;
}

/**
 * LinkedIn's "Add license or certification" link (https://addtoprofile.linkedin.com): name, organisation, issue
 * and expiry month and year (UTC), credential id and URL, prefilled.
 */
export function linkedInAddToProfileUrl(c: LinkedInCertification): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: c.name,
    organizationName: c.organizationName,
    issueYear: String(c.issuedAt.getUTCFullYear()),
    issueMonth: String(c.issuedAt.getUTCMonth() + 1),
    expirationYear: String(c.validUntil.getUTCFullYear()),
    expirationMonth: String(c.validUntil.getUTCMonth() + 1),
    certId: c.certId,
    certUrl: c.certUrl,
  });
  return `https://www.linkedin.com/profile/add?${params}`;
}
