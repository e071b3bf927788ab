/**
 * The header's menu button below 768 px: a disclosure (`aria-expanded`, `aria-controls`) that
 * shows and hides the navigation and account links. The CSS does the showing, from the
 * button's `aria-expanded` and only while scripts run (`@media (scripting: enabled)`), so
 * without scripts the links simply stay in view. Escape closes the open menu and puts focus
 * back on the button; a click elsewhere on the page closes it.
 */

/** Wires the menu button (no-op when the page has none). */
export function attachSiteMenu(button: HTMLButtonElement | null): void {
  const header = button?.closest('header');
  if (!button || !header) return;
  const isOpen = () => button.getAttribute('aria-expanded') === 'true';
  const setOpen = (open: boolean) => button.setAttribute('aria-expanded', String(open));
  button.addEventListener('click', () => setOpen(!isOpen()));
  header.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !isOpen()) return;
    setOpen(false);
    // Only while the button is shown (below 768 px); above, nothing was folded.
    if (button.getClientRects().length > 0) button.focus();
  });
  document.addEventListener('click', (e) => {
    if (isOpen() && e.target instanceof Node && !header.contains(e.target)) setOpen(false);
  });
}
