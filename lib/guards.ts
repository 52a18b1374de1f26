/**
 * Shape checks for the few messages and stored values a content script reads. Everywhere else the
 * extension parses with zod; a content script runs in every frame of every page, where zod's module and
 * schema set-up were ~5 ms of each frame's start (CPU profile of the dense 100 KB bench page) for three
 * small shapes. Each check here is held to the zod schema it replaced by a property test
 * (tests/unit/protocol/guards.test.ts), and returns a fresh object with only the known fields, as zod does.
 */
import type { Passage } from './messages';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A number zod's `z.number()` accepts: finite (no NaN, no Infinity). */
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `{ passages: [{ id, selection: { exact, prefix, suffix, start, end } }] }`, ids at most 200 characters. */
export function readPassages(raw: unknown): Passage[] | null {
  if (!isObject(raw) || !Array.isArray(raw.passages)) return null;
  const out: Passage[] = [];
  for (const p of raw.passages as unknown[]) {
    if (!isObject(p) || typeof p.id !== 'string' || p.id.length > 200 || !isObject(p.selection)) return null;
    const { exact, prefix, suffix, start, end } = p.selection;
    if (typeof exact !== 'string' || typeof prefix !== 'string' || typeof suffix !== 'string') return null;
    if (!isNumber(start) || !isNumber(end)) return null;
    out.push({ id: p.id, selection: { exact, prefix, suffix, start, end } });
  }
  return out;
}

/** The ids in `{ removed?: string[] }`, or none when the message has another shape. */
export function readRemoved(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  if (raw.removed === undefined) return [];
  return isStringArray(raw.removed) ? [...raw.removed] : [];
}
