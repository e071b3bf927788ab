/**
 * The drill page's autosave transport: the first save sends the whole canvas (`PUT`); once the
 * server has acknowledged a revision, each save sends only what changed since (`PATCH`, see
 * `src/lib/drill/draft-delta.ts`). A delta the server refuses as stale (409: another tab or
 * device saved, or the draft was submitted) is followed at once by the whole canvas.
 */
import { makeDelta, type SavedCanvas } from '../lib/drill/draft-delta.ts';
import type { StoredDot } from '../lib/drill/dots.ts';

/** The canvas as the page holds it when it saves. */
export interface CanvasState {
  dots: StoredDot[];
  sessions: number[];
  session: number;
}

/** What a save answered. */
export interface SaveAnswer {
  savedAt: string;
  revision: number;
  /** Bytes of the request body(ies) this save sent. */
  sentBytes: number;
}

/** Thrown when the server refused a save: its sentence for the trainee. */
export class SaveError extends Error {}

/** Autosaves of one draft URL, remembering the last canvas the server acknowledged. */
export class DraftSync {
  private acked: { canvas: SavedCanvas; revision: number } | null = null;
  private readonly url: string;
  private readonly fetchFn: typeof fetch;

  constructor(url: string, fetchFn: typeof fetch = (...args) => fetch(...args)) {
    this.url = url;
    this.fetchFn = fetchFn;
  }

  /** Saves `state`: a delta when possible, the whole canvas otherwise or after a conflict. */
  async save(state: CanvasState): Promise<SaveAnswer> {
    // A snapshot: the canvas goes on changing while the request is on its way.
    const canvas: SavedCanvas = { dots: state.dots.map((d) => [...d] as StoredDot), sessions: [...state.sessions] };
    let sent = 0;
    const delta = this.acked ? makeDelta(this.acked.canvas, canvas, this.acked.revision, state.session) : null;
    if (delta) {
      const body = JSON.stringify(delta);
      sent += body.length;
      const res = await this.fetchFn(this.url, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const answer = await readAnswer(res);
      if (res.ok) return this.acknowledge(canvas, answer, sent);
      // Anything else than a stale revision is a real refusal; a stale one is answered with the whole canvas.
      if (res.status !== 409) throw new SaveError(answer.error ?? `The server answered ${res.status}.`);
    }
    const body = JSON.stringify({ dots: canvas.dots, sessions: canvas.sessions, session: state.session });
    sent += body.length;
    const res = await this.fetchFn(this.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const answer = await readAnswer(res);
    if (!res.ok) {
      this.acked = null;
      throw new SaveError(answer.error ?? `The server answered ${res.status}.`);
    }
    return this.acknowledge(canvas, answer, sent);
  }

  private acknowledge(canvas: SavedCanvas, answer: ServerAnswer, sentBytes: number): SaveAnswer {
    const revision = typeof answer.revision === 'number' ? answer.revision : null;
    this.acked = revision === null ? null : { canvas, revision };
    return { savedAt: answer.savedAt ?? new Date().toISOString(), revision: revision ?? 0, sentBytes };
  }
}

interface ServerAnswer {
  error?: string;
  savedAt?: string;
  revision?: number;
}

async function readAnswer(res: Response): Promise<ServerAnswer> {
  return (await res.json().catch(() => ({}))) as ServerAnswer;
}
