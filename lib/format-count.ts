/**
 * A whole number with its thousands grouped by commas, as `toLocaleString('en')` writes it, without
 * Intl: a page's first Intl call loads ICU's data, 76–82 ms in a fresh page of Chromium 156 on the
 * bench machine (the next 0.0 ms). The library's first re-scan progress line paid it inside one task
 * (a long task of 54–77 ms in the entities bench, against its budget of none over 50 ms).
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3)
    out = digits.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return n < 0 ? `-${out}` : out;
}
