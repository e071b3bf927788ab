/**
 * The mails Stipple sends, each as a subject, plain text and HTML with the academy's name (and logo, when the
 * academy has one, as the inline image `cid:academy-logo`). Pure: the links come in, nothing is sent here.
 */

/** A mail ready for the transport. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Security mails (invitations, password resets) go even when notification mails are turned off. */
  kind: 'security' | 'notification';
}

/** The academy a mail speaks for. */
export interface MailAcademy {
  name: string;
  hasLogo: boolean;
}

/** HTML-escapes text for the mail bodies. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function html(academy: MailAcademy, paragraphs: string[], link?: { href: string; label: string }): string {
  const logo = academy.hasLogo
    ? `<img src="cid:academy-logo" alt="${escapeHtml(academy.name)}" style="max-height:48px">`
    : `<strong>${escapeHtml(academy.name)}</strong>`;
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const button = link
    ? `<p><a href="${escapeHtml(link.href)}" style="display:inline-block;padding:10px 16px;background:#1f4e79;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(link.label)}</a></p>\n<p style="font-size:12px;color:#555">Or open this address: ${escapeHtml(link.href)}</p>`
    : '';
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#222">\n<p>${logo}</p>\n${body}\n${button}\n<p style="font-size:12px;color:#555">Sent by Stipple for ${escapeHtml(academy.name)}.</p>\n</body></html>`;
}

function text(academy: MailAcademy, paragraphs: string[], link?: { href: string; label: string }): string {
  return [
    academy.name,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(link ? [`${link.label}: ${link.href}`, ''] : []),
    `Sent by Stipple for ${academy.name}.`,
  ].join('\n');
}

function compose(
  to: string,
  subject: string,
  kind: MailMessage['kind'],
  academy: MailAcademy,
  paragraphs: string[],
  link?: { href: string; label: string },
): MailMessage {
  return { to, subject, kind, text: text(academy, paragraphs, link), html: html(academy, paragraphs, link) };
}

/** The invitation to join an academy with a role. */
export function invitationMail(input: {
  to: string;
  academy: MailAcademy;
  roleLabel: string;
  inviterName: string;
  link: string;
  expiresAt: Date;
}): MailMessage {
  return compose(
    input.to,
    `${input.inviterName} invites you to ${input.academy.name} on Stipple`,
    'security',
    input.academy,
    [
      `${input.inviterName} invites you to join ${input.academy.name} as ${input.roleLabel.toLowerCase()}.`,
      `The link works once and until ${input.expiresAt.toUTCString()}. If you did not expect this mail, ignore it.`,
    ],
    { href: input.link, label: 'Accept the invitation' },
  );
}

/** The password reset link (valid one hour). */
export function passwordResetMail(input: { to: string; link: string }): MailMessage {
  return compose(
    input.to,
    'Reset your Stipple password',
    'security',
    { name: 'Stipple', hasLogo: false },
    [
      'Someone (hopefully you) asked to reset the password of your Stipple account.',
      'The link works once, for one hour. Setting a new password signs you out everywhere. If you did not ask, ignore this mail: your password stays as it is.',
    ],
    { href: input.link, label: 'Choose a new password' },
  );
}

/** An instructor's verdict on a submitted canvas, for its trainee. */
export function verdictMail(input: {
  to: string;
  academy: MailAcademy;
  templateName: string;
  verdict: 'pass' | 'redo';
  link: string;
}): MailMessage {
  const word = input.verdict === 'pass' ? 'passed' : 'needs another try';
  return compose(
    input.to,
    `Your ${input.templateName} canvas ${word}`,
    'notification',
    input.academy,
    [`Your instructor reviewed your ${input.templateName} canvas: it ${word}. Their comments are on the review page.`],
    { href: input.link, label: 'See the review' },
  );
}

/** A certificate was issued to the holder. */
export function certificateIssuedMail(input: {
  to: string;
  academy: MailAcademy;
  programName: string;
  link: string;
}): MailMessage {
  return compose(
    input.to,
    `Your ${input.programName} certificate from ${input.academy.name}`,
    'notification',
    input.academy,
    [
      `${input.academy.name} issued you the ${input.programName} certificate. Anyone can check it at the address below.`,
    ],
    { href: input.link, label: 'See your certificate' },
  );
}

/** A certificate ends in `daysLeft` days (the 60- and 30-day reminders). */
export function certificateExpiringMail(input: {
  to: string;
  academy: MailAcademy;
  programName: string;
  daysLeft: number;
  validUntil: Date;
  link: string;
}): MailMessage {
  return compose(
    input.to,
    `Your ${input.programName} certificate ends in ${input.daysLeft} days`,
    'notification',
    input.academy,
    [
      `Your ${input.programName} certificate from ${input.academy.name} is valid until ${input.validUntil.toUTCString().slice(0, 16)}.`,
      'Ask your academy about renewing it before then.',
    ],
    { href: input.link, label: 'See your certificate' },
  );
}
