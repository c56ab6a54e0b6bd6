/**
 * Types of the message catalogue. Keys come from `en.ts`; every language is a
 * `Messages`, so a key missing in one language is a compile error, and the
 * parameters of `t()` are read from the English text's `{name}` placeholders.
 */
import type { en } from './en.js';

/** UI languages: Korean (the course's) and English. */
export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every message key, e.g. `'form.epochs'`. */
export type MessageKey = keyof typeof en;

/** A complete catalogue: one string per key, no more, no fewer. */
export type Messages = { readonly [K in MessageKey]: string };

type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** Placeholder names of a key, e.g. `ParamsOf<'progress.eta'>` → `'time'`. */
export type ParamsOf<K extends MessageKey> = Placeholders<(typeof en)[K]>;

/** Keys whose text has no placeholders, e.g. `'form.epochs'`: what tables of labels hold. */
export type PlainKey = { [K in MessageKey]: [ParamsOf<K>] extends [never] ? K : never }[MessageKey];

/** Values for a message's placeholders. */
export type MessageParams<K extends MessageKey> = Record<ParamsOf<K>, string | number>;

/** `t()`'s trailing argument: required exactly when the message has placeholders. */
export type ParamsArg<K extends MessageKey> = [ParamsOf<K>] extends [never] ? [params?: undefined] : [params: MessageParams<K>];
