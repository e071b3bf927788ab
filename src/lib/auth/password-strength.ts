/**
 * How guessable a new password is, with zxcvbn-ts and its common and English dictionaries (common passwords,
 * names, words, keyboard patterns, dates, l33t): a password must be at least 10 characters and score 3 of 4
 * ("safely unguessable: moderate protection from offline slow-hash scenario"), and must not contain the
 * person's email address or name. The message says why and what to do.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/** The shortest new password accepted. */
export const NEW_PASSWORD_MIN_LENGTH = 10;
/** The lowest zxcvbn score (0–4) accepted. */
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/**
 * Why `password` is too weak (a sentence saying what to do), or null when it is strong enough. `userInputs`
 * (email, its local part, the name) count as guessable words.
 */
export function passwordWeakness(password: string, userInputs: readonly string[] = []): string | null {
  if (password.trim().length < NEW_PASSWORD_MIN_LENGTH)
    return `Use at least ${NEW_PASSWORD_MIN_LENGTH} characters (spaces at the ends do not count). A short sentence of unusual words works well.`;
  const inputs = userInputs.flatMap((u) => [u, u.split('@')[0] ?? '']).filter((u) => u.length >= 3);
  const result = estimator().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning ? ` ${result.feedback.warning.replace(/\.?$/, '.')}` : '';
  const tip = (result.feedback.suggestions[0] ?? 'Add a few more unusual words.').replace(/\.?$/, '.');
  return `This password is too easy to guess.${warning} ${tip}`;
}
