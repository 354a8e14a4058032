/**
 * Text from input (a header, a URL, a server's answer) shown on a terminal: control characters other than line
 * breaks and tabs are written as \xNN, so an escape sequence in a publisher's file cannot retitle, clear or rewrite
 * the user's terminal, or hide the rest of the message.
 */

/** C0 controls but tab and line feed, DEL, and the C1 controls (U+0080–U+009F: CSI and OSC in 8-bit terminals). */
export function isControlChar(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
}

export function printable(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += isControlChar(code) ? `\\x${code.toString(16).padStart(2, '0')}` : text[i];
  }
  return out;
}
