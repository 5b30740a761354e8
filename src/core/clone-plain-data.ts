/**
 * A deep copy of plain data (objects with the plain prototype or none, arrays, and primitives), several times
 * faster than `structuredClone` on the small, nested world states a trial starts from (about 4 µs against 33 µs
 * for a tampering world). Anything else met on the way (a Date, a Map, a class instance) is copied by
 * `structuredClone`, so the result never shares a mutable object with the input. Sparse arrays become dense
 * (holes read as undefined), and cycles are not supported (plain data has none).
 */
export function clonePlainData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = clonePlainData(value[i] as unknown);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = proto === null ? Object.create(null) as Record<string, unknown> : {};
  for (const key of Object.keys(value)) out[key] = clonePlainData((value as Record<string, unknown>)[key]);
  return out as T;
}
