/**
 * Entry names of plugin archives, judged before anything is written. A name is refused when it
 * could address anything outside the extraction folder on any platform: an absolute path, a drive
 * letter, a backslash (a separator on Windows), a `.` or `..` segment, an empty segment or a NUL.
 */

import { trimEnd } from '../../platform/text.ts';

export type NameVerdict = { ok: true; segments: string[]; isDir: boolean } | { ok: false; reason: string };

const DRIVE = /^[A-Za-z]:/;

export function judgeName(name: string): NameVerdict {
  if (name.length === 0) return { ok: false, reason: 'empty name' };
  if (name.includes('\0')) return { ok: false, reason: 'NUL character in name' };
  if (name.includes('\\')) return { ok: false, reason: 'backslash in name' };
  if (name.startsWith('/')) return { ok: false, reason: 'absolute path' };
  if (DRIVE.test(name)) return { ok: false, reason: 'drive letter' };
  const isDir = name.endsWith('/');
  const segments = (isDir ? name.slice(0, -1) : name).split('/');
  for (const s of segments) {
    if (s === '..') return { ok: false, reason: 'parent-folder segment (..)' };
    if (s === '.' || s === '') return { ok: false, reason: 'empty or "." segment' };
  }
  return { ok: true, segments, isDir };
}

/** Segments of a relative path given by a manifest or a registry (`plugin_path`), or null if unsafe. */
export function safeRelativeSegments(p: string): string[] | null {
  const trimmed = trimEnd(p, '/');
  if (trimmed === '') return [];
  const verdict = judgeName(trimmed);
  return verdict.ok ? verdict.segments : null;
}
