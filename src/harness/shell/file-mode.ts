import type { FsStat } from 'just-bash';

/** `-rw-r--r--` style mode string of a stat result. */
export function modeString(stat: FsStat): string {
  const type = stat.isSymbolicLink ? 'l' : stat.isDirectory ? 'd' : '-';
  const bits = stat.mode & 0o777;
  const triplet = (shift: number): string => `${bits & (4 << shift) ? 'r' : '-'}${bits & (2 << shift) ? 'w' : '-'}${bits & (1 << shift) ? 'x' : '-'}`;
  return `${type}${triplet(6)}${triplet(3)}${triplet(0)}`;
}

/** "regular file", "directory", … as `stat` names the type. */
export function fileTypeName(stat: FsStat, size: number): string {
  if (stat.isSymbolicLink) return 'symbolic link';
  if (stat.isDirectory) return 'directory';
  return size === 0 ? 'regular empty file' : 'regular file';
}
