/**
 * Cross-site request forgery defence for cookie-authenticated state changes. A browser
 * always sends `Origin` (or `Sec-Fetch-Site`) on a cross-origin POST, so a request is
 * refused when either says it came from another site. Requests with neither header come
 * from non-browser clients (curl, scripts), which cannot carry a victim's cookies.
 */

/** Methods that never change state, so never need the check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when a state-changing request (any method but GET, HEAD, OPTIONS) says it came from
 * another site: its `Origin` differs from the request's, or, without `Origin`, its
 * `Sec-Fetch-Site` is neither `same-origin` nor `none`.
 */
export function isCrossSiteRequest(method: string, requestUrl: URL, headers: Headers): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get('origin');
  if (origin !== null) return origin !== requestUrl.origin;
  const fetchSite = headers.get('sec-fetch-site');
  return fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none';
}
