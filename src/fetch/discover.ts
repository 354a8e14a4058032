/**
 * Finding a publisher's newest release instead of pinning one. A release is named by its year in a URL template
 * (`…/2020-{year}/state/totals/NST-EST{year}-ALLDATA.csv`). The candidate years come either from a listing page
 * (an Apache directory index such as www2.census.gov's, or a catalogue page) whose links match a pattern, or, when
 * the publisher has no listing, from every year since `from` up to now (INEGI). Candidates are tried newest first;
 * one that is not there (404, 410, or an HTML page where the file should be) is passed over.
 */
import { FetchError, type FetchOptions, type FetchResult, fetchBytes } from './http.ts';
import { extractLinks } from './pageLink.ts';

export interface Candidate {
  year: number;
  url: string;
}

export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** `template` with `{year}` and every other `{name}` taken from `groups`; an unknown name is an error. */
export function fillTemplate(template: string, groups: Record<string, string>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = groups[name];
    if (value === undefined) {
      throw new DiscoveryError(
        `release template ${template} names {${name}}, which the pattern does not capture (it has ${Object.keys(groups).join(', ') || 'no named groups'})`,
      );
    }
    return value;
  });
}

/**
 * The releases a listing page links to: each link matching `pattern` (with a named group `year`; its other named
 * groups fill the template too) from `from` on, newest first, each year once.
 */
export function listedCandidates(
  html: string,
  pageUrl: string,
  pattern: string | RegExp,
  template: string,
  from: number,
): Candidate[] {
  const regex = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  const byYear = new Map<number, string>();
  for (const link of extractLinks(html, pageUrl)) {
    const groups = regex.exec(link)?.groups;
    if (groups?.year === undefined || !/^\d{4}$/.test(groups.year)) continue;
    const year = Number(groups.year);
    if (year >= from && !byYear.has(year)) byYear.set(year, fillTemplate(template, groups));
  }
  return [...byYear].sort(([a], [b]) => b - a).map(([year, url]) => ({ year, url }));
}

/** Every year from `from` to `now`'s, newest first: for publishers without a listing. */
export function probedCandidates(template: string, from: number, now: Date): Candidate[] {
  const years: Candidate[] = [];
  for (let year = now.getUTCFullYear(); year >= from; year--) {
    years.push({ year, url: fillTemplate(template, { year: String(year) }) });
  }
  return years;
}

/** True for the answers that mean "no such release": gone, or an HTML page where the file should be. */
export function isMissing(error: unknown): boolean {
  if (!(error instanceof FetchError)) return false;
  return error.kind === 'content_type' || (error.kind === 'http' && [404, 410].includes(error.status ?? 0));
}

/**
 * Fetches the newest candidate that is there; null when none is. Any other failure (a timeout, a 503 after the
 * retries) is thrown: an older release is never taken because the newest could not be read.
 */
export async function fetchNewest(
  candidates: Candidate[],
  fetch: FetchOptions,
  onMissing: (candidate: Candidate, reason: string) => void = () => {},
): Promise<{ candidate: Candidate; file: FetchResult } | null> {
  for (const candidate of candidates) {
    try {
      return { candidate, file: await fetchBytes(candidate.url, fetch) };
    } catch (error) {
      if (!isMissing(error)) throw error;
      onMissing(candidate, (error as Error).message);
    }
  }
  return null;
}
