/** The text printed on each sheet of a PDF, with each piece's height above the sheet's bottom edge (PDF points). */

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfSheet {
  text: string;
  items: { str: string; y: number }[];
}

export async function pdfPages(pdf: Uint8Array): Promise<PdfSheet[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false })
    .promise;
  try {
    const out: PdfSheet[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = content.items
        .filter((it): it is Extract<typeof it, { str: string }> => 'str' in it)
        .map((it) => ({ str: it.str, y: Number(it.transform[5]) }));
      out.push({ text: items.map((it) => it.str).join(' '), items });
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
