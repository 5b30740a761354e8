/**
 * Freezes plain data (objects and arrays) all the way down, so a value shared between trials fails loudly when
 * something changes it in place; `skip` values (and what they hold) are left as they are.
 */
export function freezeData(value: unknown, skip: ReadonlySet<unknown> = new Set()): void {
  if (value === null || typeof value !== 'object' || skip.has(value) || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) freezeData(item, skip);
}
