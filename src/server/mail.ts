/**
 * Sends mail with nodemailer: through the SMTP server of `STIPPLE_SMTP_URL` (`smtp://[user:pass@]host:port`,
 * `smtps://` for TLS) when it is set; otherwise each mail is written as an `.eml` file to the `outbox` folder
 * beside the database and its links are logged, so development works without a mail server.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { databasePath } from '../../db/client.ts';
import type { MailMessage } from '../lib/mail/messages.ts';
import { publicOrigin } from './issuer.ts';

/** An inline image for the HTML part (the academy's logo as `cid:academy-logo`). */
export interface InlineImage {
  content: Buffer;
  contentType: string;
}

const shared = ((globalThis as { [key: symbol]: unknown })[Symbol.for('stipple.mail')] ??= {}) as {
  transport?: Transporter;
  url?: string;
};

function transport(): { transporter: Transporter; smtp: boolean } {
  const url = process.env.STIPPLE_SMTP_URL?.trim() ?? '';
  if (!shared.transport || shared.url !== url) {
    shared.transport = url
      ? nodemailer.createTransport(url)
      : nodemailer.createTransport({ streamTransport: true, buffer: true });
    shared.url = url;
  }
  return { transporter: shared.transport, smtp: url !== '' };
}

/** The sender address: `STIPPLE_MAIL_FROM`, else no-reply at the public host. */
export function mailFrom(): string {
  return process.env.STIPPLE_MAIL_FROM?.trim() || `Stipple <no-reply@${new URL(publicOrigin()).hostname}>`;
}

/** The folder unsent (development) mails are written to: `outbox` beside the database. */
export function outboxFolder(): string {
  return path.join(path.dirname(path.resolve(databasePath())), 'outbox');
}

/**
 * Sends one mail (with the logo inline when given). Resolves true when the SMTP server accepted it (or it was
 * written to the outbox), false when sending failed; the failure is logged, never thrown, so a page can say so.
 */
export async function sendMail(message: MailMessage, logo?: InlineImage | null): Promise<boolean> {
  const { transporter, smtp } = transport();
  try {
    const info = await transporter.sendMail({
      from: mailFrom(),
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: logo
        ? [{ filename: 'logo', content: logo.content, contentType: logo.contentType, cid: 'academy-logo' }]
        : [],
    });
    if (!smtp) {
      const folder = outboxFolder();
      fs.mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `${Date.now()}-${Math.random().toString(36).slice(2, 8)}.eml`);
      fs.writeFileSync(file, (info as unknown as { message: Buffer }).message);
      const links = message.text.match(/https?:\/\/\S+/g) ?? [];
      console.log(
        `Mail to ${message.to} “${message.subject}” written to ${file}${links.length ? `; links: ${links.join(' ')}` : ''}`,
      );
    }
    return true;
  } catch (error) {
    console.error(`Mail to ${message.to} “${message.subject}” could not be sent: ${(error as Error).message}`);
    return false;
  }
}
