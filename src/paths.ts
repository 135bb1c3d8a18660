// File-system path checks shared by the stages that touch the disk.
import path from 'node:path';

/** True when `child` is `parent` or lies below it (both absolute or both relative to one folder). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
