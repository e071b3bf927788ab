/**
 * The "Practise on paper" panel: uploads a photo of a worked sheet, shows the straightened
 * sheet with the detected impressions, lets the trainee remove misdetections and add missed
 * impressions with a live score, and submits the corrections (the server scores them again).
 */
import { scoreDrill } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';

type Detected = [number, number, number, number];
interface Uploaded {
  photoId: number;
  dots: Detected[];
  rectifiedUrl: string;
  submitUrl: string;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Wires the panel under `root` (the component's `[data-photo-root]`). */
export function startPhotoPractice(root: HTMLElement): void {
  const { template, uploadUrl } = JSON.parse(root.querySelector('script[data-photo]')!.textContent!) as {
    template: Template;
    uploadUrl: string;
  };
  const form = root.querySelector<HTMLFormElement>('[data-photo-form]')!;
  const status = root.querySelector<HTMLElement>('[data-photo-status]')!;
  const error = root.querySelector<HTMLElement>('[data-photo-error]')!;
  const check = root.querySelector<HTMLElement>('[data-photo-check]')!;
  const img = root.querySelector<HTMLImageElement>('[data-photo-img]')!;
  const svg = root.querySelector<SVGSVGElement>('[data-photo-overlay]')!;
  const count = root.querySelector<HTMLElement>('[data-photo-count]')!;
  const scoreLine = root.querySelector<HTMLElement>('[data-photo-score]')!;
  const submit = root.querySelector<HTMLButtonElement>('[data-photo-submit]')!;
  let current: Uploaded | null = null;
  let removed = new Set<number>();
  let added: [number, number][] = [];
  svg.setAttribute('viewBox', `0 0 ${template.width} ${template.height}`);
  const r = Math.max(0.5, template.targetSpacingMm * 0.22);

  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = false;
    status.textContent = '';
  };

  const render = () => {
    if (!current) return;
    svg.replaceChildren();
    const circle = (x: number, y: number, cls: string, onClick: () => void) => {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('cx', String(x));
      c.setAttribute('cy', String(y));
      c.setAttribute('r', String(r));
      c.setAttribute('class', cls);
      c.setAttribute('fill', cls === 'added' ? '#1d4ed8' : 'transparent');
      c.setAttribute('stroke', cls === 'removed' ? '#b91c1c' : cls === 'added' ? '#1d4ed8' : '#0a7d32');
      c.setAttribute('stroke-width', String(r * 0.3));
      c.addEventListener('click', (e) => {
        e.stopPropagation();
        onClick();
        render();
      });
      svg.append(c);
    };
    current.dots.forEach(([x, y], i) =>
      circle(x, y, removed.has(i) ? 'removed' : 'found', () => (removed.has(i) ? removed.delete(i) : removed.add(i))),
    );
    added.forEach(([x, y], i) => circle(x, y, 'added', () => added.splice(i, 1)));
    const kept = current.dots.filter((_, i) => !removed.has(i));
    const xs = [...kept.map((d) => d[0]), ...added.map((d) => d[0])];
    const ys = [...kept.map((d) => d[1]), ...added.map((d) => d[1])];
    const diameters = [...kept.map((d) => d[2]), ...added.map(() => template.impressionDiameterMm)];
    count.textContent = `${current.dots.length} impressions detected, ${removed.size} removed, ${added.length} added.`;
    if (xs.length === 0) {
      scoreLine.textContent = 'No impressions left to score.';
      submit.disabled = true;
      return;
    }
    const score = scoreDrill(template, { xs, ys, diameters });
    scoreLine.textContent = `Score ${score.total} / 100 (${score.pass ? 'passing' : 'not passing yet'}). ${score.findings
      .filter((f) => f.level !== 'ok')
      .map((f) => f.message)
      .join(' ')}`;
    submit.disabled = false;
  };

  svg.addEventListener('click', (e) => {
    if (!current) return;
    const pt = svg.createSVGPoint();
    pt.x = e.clientX;
    pt.y = e.clientY;
    const m = svg.getScreenCTM();
    if (!m) return;
    const p = pt.matrixTransform(m.inverse());
    if (p.x < 0 || p.y < 0 || p.x > template.width || p.y > template.height) return;
    added.push([Math.round(p.x * 1000) / 1000, Math.round(p.y * 1000) / 1000]);
    render();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const file = form.querySelector<HTMLInputElement>('input[type=file]')!.files?.[0];
    if (!file) return showError('Choose a photo of your worked sheet first.');
    if (file.size > 15 * 1024 * 1024) return showError('The photo is larger than 15 MB: send a smaller one.');
    status.textContent = 'Reading your sheet…';
    const body = new FormData();
    body.append('photo', file);
    const res = await fetch(uploadUrl, { method: 'POST', body });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) return showError(data.error ?? data.message ?? 'The photo could not be read.');
    current = data as Uploaded;
    removed = new Set();
    added = [];
    img.src = current.rectifiedUrl;
    check.hidden = false;
    status.textContent = 'Check the detected impressions, then submit.';
    render();
  });

  submit.addEventListener('click', async () => {
    if (!current) return;
    submit.disabled = true;
    const res = await fetch(current.submitUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ removed: [...removed], added }),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      submit.disabled = false;
      return showError(data.error ?? data.message ?? 'The photo could not be submitted.');
    }
    window.location.assign(data.url);
  });
}
