/**
 * The response header a page sets (to a number of seconds) when what it sends a visitor
 * without cookies is the same for all of them (`/`): the production server
 * (`response-filter.ts`) keeps such a response that long and sends it from memory to the next
 * visitors without cookies, headers and all (a new request id each). The header itself is
 * never sent.
 */
export const SHARED_PAGE_HEADER = 'x-stipple-shared';
