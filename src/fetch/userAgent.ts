import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../core/paths.ts';

const version: string = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;

/**
 * `centinela/<version> (overdose surveillance data pipeline; +<contact>)`: names the software and, when the
 * operator gives one (`http.contact`), how to reach them, as crawlers do. Publishers' firewalls refuse clients
 * that send no User-Agent or a library's default one.
 */
export function defaultUserAgent(contact?: string): string {
  return `centinela/${version} (overdose surveillance data pipeline${contact ? `; +${contact}` : ''})`;
}
