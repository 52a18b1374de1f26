/**
 * The paragraphs of a document's body: its non-blank lines (the corpus writes one paragraph a line), as
 * spans of the whole text. The index (lib/kb/build.ts) and the reader page both cut the body this way,
 * so a citation's offsets land in the paragraph the reader shows.
 */
export interface Span {
  start: number;
  end: number;
}

export function paragraphSpans(text: string, body: Span): Span[] {
  const out: Span[] = [];
  const re = /[^\n]+/g;
  const slice = text.slice(body.start, body.end);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    if (m[0].trim()) out.push({ start: body.start + m.index, end: body.start + m.index + m[0].length });
  }
  return out;
}
