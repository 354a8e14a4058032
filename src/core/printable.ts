/**
 * Text from input (a header, a URL, a server's answer) shown on a terminal: control characters other than line
 * breaks and tabs are written as \xNN, so an escape sequence in a publisher's file cannot retitle, clear or rewrite
 * the user's terminal, or hide the rest of the message.
 */
// C0 controls but \t and \n, DEL, and the C1 controls (U+0080–U+009F: CSI and OSC in 8-bit terminals).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
