import { printable } from './printable.ts';

/** Where bad input was found: the source, the file or URL, and (when known) the line and column. */
export interface InputLocation {
  source: string;
  origin: string;
  line?: number;
  column?: string;
}

/** Bad input from a publisher or a user: the message names source, file, line and column, and what was expected. */
export class InputError extends Error {
  readonly location: InputLocation;

  constructor(location: InputLocation, problem: string) {
    const where = [location.origin, location.line !== undefined ? `line ${location.line}` : null]
      .concat(location.column !== undefined ? `column "${location.column}"` : null)
      .filter(Boolean)
      .join(' ');
    // The file, column and problem quote the input: never let its control characters reach a terminal.
    super(printable(`${location.source}: ${where}: ${problem}`));
    this.name = 'InputError';
    this.location = location;
  }
}
