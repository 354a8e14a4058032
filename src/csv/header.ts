import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError, type InputLocation } from '../core/errors.ts';

const PROBE_BYTES = 64 * 1024;

/**
 * Reads and parses the first line of a CSV file, refusing what is plainly not CSV: an empty file,
 * an HTML page (a publisher's error page saved under a .csv name is common), or binary junk.
 */
export function readCsvHeaderSync(
  path: string,
  where: Omit<InputLocation, 'line'>,
  delimiter = ',',
  encoding: 'utf-8' | 'latin-1' = 'utf-8',
): string[] {
  const size = statSync(path).size;
  if (size === 0) throw new InputError(where, 'file is empty (0 bytes), expected a CSV header line');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(Math.min(PROBE_BYTES, size));
  try {
    readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  let text = buffer.toString(encoding === 'latin-1' ? 'latin1' : 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<?xml')) {
    throw new InputError({ ...where, line: 1 }, `looks like an HTML/XML page, not CSV: "${snippet(text)}"`);
  }
  const utf16 = utf16Mark(buffer);
  if (utf16)
    throw new InputError(
      { ...where, line: 1 },
      `UTF-16 ${utf16} text (it starts with that byte-order mark), expected ${encoding === 'latin-1' ? 'Latin-1' : 'UTF-8'} CSV`,
    );
  if (buffer.includes(0))
    throw new InputError({ ...where, line: 1 }, 'binary content (NUL bytes), expected CSV text');
  const header = parseFirstRecord(text, delimiter);
  if (header === null)
    throw new InputError({ ...where, line: 1 }, `no complete header line in the first ${PROBE_BYTES} bytes`);
  return header;
}

/** The byte order of a UTF-16 text, from the byte-order mark it starts with; null when it has none. */
export function utf16Mark(bytes: Uint8Array): 'LE' | 'BE' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'BE';
  return null;
}

function snippet(text: string): string {
  return text.trim().replace(/\s+/g, ' ').slice(0, 80);
}

/** Parses one RFC 4180 record (quotes, doubled quotes, commas inside quotes); null if it never ends. */
export function parseFirstRecord(text: string, delimiter = ','): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      return fields;
    } else field += ch;
  }
  return null;
}
