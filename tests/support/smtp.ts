/**
 * A real SMTP server (the `smtp-server` package) on a random loopback port, as the mail sink of a test: every
 * message it receives is parsed with `mailparser`, so tests read subjects, bodies and links as a mail client would.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A received mail: envelope recipients and the parsed message. */
export interface ReceivedMail {
  to: string[];
  from: string;
  parsed: ParsedMail;
  raw: string;
}

/** The running sink. */
export interface SmtpSink {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Errors of the server other than clients hanging up (connection resets); `stop` throws them. */
  errors: Error[];
  /** Resolves with the first mail (received or to come) to `to` matching `subject`, within `timeoutMs`. */
  waitFor(to: string, subject?: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  /** The first link under `prefix` in the mail's plain text. */
  linkIn(mail: ReceivedMail, prefix: string): string;
  stop(): Promise<void>;
}

/** Starts the sink on 127.0.0.1 with a random port (no TLS, no auth: a local test server). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = await simpleParser(raw);
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          parsed,
          raw,
        });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  // A client that hangs up mid-session (the app's pooled connection when its server stops before the sink) makes
  // smtp-server emit 'error'; unheard, that is an uncaught exception in whatever test file runs then. Resets are
  // what a real SMTP server sees from clients and ignores; anything else is kept in `errors` and thrown by `stop`.
  const errors: Error[] = [];
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') errors.push(error);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const find = (to: string, subject?: RegExp) =>
    mails.find((m) => m.to.includes(to.toLowerCase()) && (!subject || subject.test(m.parsed.subject ?? '')));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    errors,
    async waitFor(to, subject, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = find(to, subject);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`No mail to ${to} matching ${subject} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 200);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    linkIn(mail, prefix) {
      const link = (mail.parsed.text ?? '').match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+`));
      if (!link) throw new Error(`No link under ${prefix} in:\n${mail.parsed.text}`);
      return link[0];
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Anything but a hang-up fails the test file that started the sink, instead of passing unseen.
      if (errors.length) throw new AggregateError(errors, `SMTP sink: ${errors.map((e) => e.message).join('; ')}`);
    },
  };
}
