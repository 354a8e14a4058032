/**
 * Publishers whose file name changes with every release (CBP's `nationwide-drugs-fy22-fy25-oct.csv`) link the
 * current file from a fixed HTML page. findPageLink reads the page and picks the link that matches a pattern;
 * fetchLinkedFile then fetches that file.
 */
import { type FetchOptions, type FetchResult, fetchBytes } from './http.ts';

export interface PageLinkOptions {
  pageUrl: string;
  /** Matched against each link's absolute URL (after resolving it against the page and decoding entities). */
  linkPattern: string | RegExp;
  fetch?: FetchOptions;
}

export interface PageLink {
  /** The chosen link: the first match in page order. */
  url: string;
  /** Every distinct matching link, in page order (the first is `url`). */
  matches: string[];
  /** How many links the page has in all. */
  links: number;
}

export class PageLinkError extends Error {
  constructor(
    message: string,
    readonly pageUrl: string,
  ) {
    super(message);
    this.name = 'PageLinkError';
  }
}

const HREF = /<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/** Every link (`<a href>`) of an HTML page, as absolute URLs in page order; unparseable ones are skipped. */
export function extractLinks(html: string, pageUrl: string): string[] {
  const links: string[] = [];
  for (const match of html.replace(/<!--[\s\S]*?-->/g, '').matchAll(HREF)) {
    const href = decodeEntities((match[1] ?? match[2] ?? match[3] ?? '').trim());
    if (href === '' || href.startsWith('#') || /^(mailto|javascript|tel):/i.test(href)) continue;
    try {
      links.push(new URL(href, pageUrl).href);
    } catch {
      // An href that is not a URL cannot be the file.
    }
  }
  return links;
}

/** The link of `html` that matches `pattern`, or a PageLinkError naming the page and the pattern. */
export function pickLink(html: string, pageUrl: string, pattern: string | RegExp): PageLink {
  const regex = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  const links = extractLinks(html, pageUrl);
  const matches = [...new Set(links.filter((link) => regex.test(link)))];
  const first = matches[0];
  if (first === undefined) {
    const sample = [...new Set(links)]
      .filter((l) => /\.(csv|xlsx?|zip|json)(\?|$)/i.test(l))
      .slice(0, 5)
      .join(', ');
    throw new PageLinkError(
      `${pageUrl} has no link matching /${regex.source}/ (${links.length} link(s) on the page` +
        `${sample ? `; data files linked: ${sample}` : '; none to a data file'}): the page may have changed`,
      pageUrl,
    );
  }
  return { url: first, matches, links: links.length };
}

export async function findPageLink(opts: PageLinkOptions): Promise<PageLink> {
  const page = await fetchBytes(opts.pageUrl, { ...opts.fetch, accept: ['html'] });
  return pickLink(new TextDecoder().decode(page.bytes), opts.pageUrl, opts.linkPattern);
}

export interface LinkedFile {
  link: PageLink;
  file: FetchResult;
}

/** Reads the page, picks the link, fetches the linked CSV. */
export async function fetchLinkedFile(opts: PageLinkOptions): Promise<LinkedFile> {
  const link = await findPageLink(opts);
  const file = await fetchBytes(link.url, { ...opts.fetch, accept: ['csv'] });
  return { link, file };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Spanish abbreviations (SESNSP's `IDEFC_NM_abr22.csv`) that differ from the English ones. */
const SPANISH_MONTHS: Record<string, number> = { ene: 1, abr: 4, ago: 8, dic: 12 };

/** `11`, `Nov`, `November` or a Spanish abbreviation (`dic`), any case, as `11`; null for anything else. */
function monthNumber(month: string): string | null {
  if (/^\d{1,2}$/.test(month)) return month.padStart(2, '0');
  const lower = month.toLowerCase();
  const index =
    lower.length === 3
      ? MONTHS.indexOf(lower) >= 0
        ? MONTHS.indexOf(lower)
        : (SPANISH_MONTHS[lower] ?? 0) - 1
      : MONTH_NAMES.indexOf(lower);
  return index < 0 ? null : String(index + 1).padStart(2, '0');
}

/** When a file named after the last month it covers is released: `months` later, on `day` (SESNSP: 1, 20). */
export interface ReleaseLag {
  months: number;
  day: number;
}

/**
 * The date a link carries, read with a pattern whose named groups are `year` (4 digits, or 2 for 20yy), `month`
 * (a number, an English month name, abbreviated or not, or a Spanish abbreviation) and optionally `day` (default
 * 01): `/files/(?<year>\d{4})-(?<month>\d{2})/` gives 2025-11-01 for …/files/2025-11/x.csv, and
 * `/documents/(?<year>\d{4})-(?<month>[A-Za-z]{3})/` 2024-02-01 for …/documents/2024-Feb/x.csv. With `lag`, the
 * date is that long after the link's month: `IDEFC_NM_may22.csv` (data through May 2022) with { months: 1, day: 20 }
 * gives 2022-06-20.
 */
export function dateFromLink(url: string, pattern: string | RegExp, lag?: ReleaseLag): string | null {
  const match = (typeof pattern === 'string' ? new RegExp(pattern) : pattern).exec(url);
  const g = match?.groups;
  if (!g?.year || !g.month) return null;
  const month = monthNumber(g.month);
  if (month === null) return null;
  const year = g.year.length === 2 ? `20${g.year}` : g.year;
  if (lag) {
    const shifted = new Date(Date.UTC(Number(year), Number(month) - 1 + lag.months, lag.day));
    return shifted.toISOString().slice(0, 10);
  }
  const day = g.day ?? '01';
  const iso = `${year}-${month}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? null : iso;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
