/**
 * A keyboard-only trainee working the practice patch, as a routine over two callbacks: it
 * reads where the cursor is (the page's cursor readout) and presses keys. It works in
 * serpentine rows about a spacing apart, places every two or three arrow steps, nudges the
 * cursor back to its row with small (Shift) steps when it drifts, and now and then steps a
 * little off the row, as someone watching the cursor would. Shared by the unit test (on the
 * scoring code) and the browser journey (on the real page).
 */
export type PatchKey =
  | 'ArrowLeft'
  | 'ArrowRight'
  | 'ArrowUp'
  | 'ArrowDown'
  | 'Shift+ArrowLeft'
  | 'Shift+ArrowRight'
  | 'Shift+ArrowUp'
  | 'Shift+ArrowDown'
  | 'Enter';

/** The patch's working square (mm) and the spacing of its rows. */
export interface PatchArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
  spacing: number;
}

/** Works the patch; `choose` gives the trainee's own choices (0–1). */
export async function workPatchByKeyboard(
  area: PatchArea,
  read: () => Promise<{ x: number; y: number }> | { x: number; y: number },
  press: (key: PatchKey) => Promise<void> | void,
  choose: () => number,
): Promise<void> {
  const margin = area.spacing * 0.45;
  // Rows a little closer than the spacing (their gaps vary), impressions along them a little
  // farther apart; the trainee's own irregularity does the rest.
  const rowYs: number[] = [];
  for (let y = area.top + area.spacing * 0.45; y < area.bottom - area.spacing * 0.2;) {
    rowYs.push(y);
    y += area.spacing * (0.85 + choose() * 0.16);
  }
  const rows = rowYs.length;
  const rowY = (r: number) => rowYs[r]!;
  const nudges = () => (choose() < 0.5 ? 1 : 2);
  // To the top left corner.
  for (let p = await read(); p.y > rowY(0) + area.spacing * 0.3; p = await read()) await press('ArrowUp');
  for (let p = await read(); p.x > area.left + margin + area.spacing * 0.3; p = await read()) await press('ArrowLeft');
  let rightward = true;
  const placed: Array<{ x: number; y: number }> = [];
  for (let r = 0; r < rows; r++) {
    const target = rowY(r);
    for (let p = await read(); p.y < target - area.spacing * 0.4; p = await read()) await press('ArrowDown');
    for (;;) {
      const p = await read();
      if (p.y > target + area.spacing * 0.25) await press('Shift+ArrowUp');
      else if (p.y < target - area.spacing * 0.25) await press('Shift+ArrowDown');
      else if (choose() < 0.45) {
        const key = choose() < 0.5 ? 'Shift+ArrowUp' : 'Shift+ArrowDown';
        for (let i = nudges(); i > 0; i--) await press(key);
      }
      // Place, unless the cursor sits too near an impression already there (the trainee sees them).
      const q = await read();
      const crowded = placed.some((d) => Math.hypot(d.x - q.x, d.y - q.y) < area.spacing * 0.72);
      const inside =
        q.x >= area.left + 0.3 && q.x <= area.right - 0.3 && q.y >= area.top + 0.3 && q.y <= area.bottom - 0.3;
      if (!crowded && inside) {
        await press('Enter');
        placed.push(q);
      }
      const n = choose() < 0.55 ? 2 : 3;
      for (let i = 0; i < n; i++) await press(rightward ? 'ArrowRight' : 'ArrowLeft');
      if (choose() < 0.5) {
        const key = rightward === choose() < 0.5 ? 'Shift+ArrowRight' : 'Shift+ArrowLeft';
        for (let i = nudges(); i > 0; i--) await press(key);
      }
      const after = await read();
      if (rightward ? after.x > area.right - margin : after.x < area.left + margin) break;
    }
    rightward = !rightward;
  }
}
