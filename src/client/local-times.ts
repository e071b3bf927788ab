/**
 * Rewrites every `<time data-local-time>` (rendered by the server in UTC) in the browser's
 * own time zone, naming the zone, so all times on a page read the same way.
 */

/** Formats an instant in the browser's zone: `time` (clock only) or `datetime` (date and clock), zone named. */
export function formatLocal(at: Date, style: string, locale = 'en-GB', timeZone?: string): string {
  const base: Intl.DateTimeFormatOptions =
    style === 'time'
      ? { hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  return at.toLocaleString(locale, { ...base, timeZone, timeZoneName: 'short' });
}

/** Rewrites the `<time data-local-time>` elements under `root`. */
export function localiseTimes(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLTimeElement>('time[data-local-time]')) {
    const at = new Date(el.dateTime);
    if (!Number.isNaN(at.getTime())) el.textContent = formatLocal(at, el.dataset.localTime ?? 'datetime');
  }
}
