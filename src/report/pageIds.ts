/** The report's pages, in navigation order; each is one file, `<id>.html` (the overview is `index.html`). */
export const PAGES = [
  'overview',
  'fentanyl',
  'methamphetamine',
  'seizures',
  'naloxone',
  'map',
  'alerts',
  'trends',
  'notes',
] as const;
export type PageId = (typeof PAGES)[number];
