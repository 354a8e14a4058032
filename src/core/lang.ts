/** The two languages of the report, the notebooks and the alarm sentences. */
export type Lang = 'en' | 'es';

export const LANGS: readonly Lang[] = ['en', 'es'];

/** A text in both languages. */
export type Bilingual = Record<Lang, string>;
