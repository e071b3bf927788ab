/** Colours of sessions 1–4 where impressions are shown by session (replay, review and their legend). Plain data. */
export const SESSION_COLOURS = ['#b5651d', '#2e7d32', '#1e4fa3', '#7b1fa2'] as const;
