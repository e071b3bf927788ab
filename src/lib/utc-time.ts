/**
 * How the server writes a moment before the browser localises it (`LocalTime.astro`): in UTC,
 * British English. The formatters are built once: `Date#toLocaleString` with options builds a
 * new one on every call, which cost a page listing a few dozen moments several % of its CPU.
 */
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** "27 Nov 2026, 15:42 UTC" (`datetime`) or "15:42 UTC" (`time`), as `toLocaleString('en-GB', …)` wrote them. */
export function utcText(at: Date, style: 'time' | 'datetime'): string {
  return style === 'time' ? TIME.format(at) : `${DATE_TIME.format(at)} UTC`;
}
