/**
 * GNU `-h` sizes (powers of 1024, rounded up like coreutils): 820359221000 → "765G", 1378664034552 → "1.3T",
 * 4096 → "4.0K", 900 → "900".
 */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (value < 10) {
    const tenths = Math.ceil(value * 10 - 1e-9) / 10;
    if (tenths < 10) return `${tenths.toFixed(1)}${units[unit]}`;
    return `10${units[unit]}`;
  }
  const whole = Math.ceil(value - 1e-9);
  if (whole >= 1024 && unit < units.length - 1) return `1.0${units[unit + 1]}`;
  return `${whole}${units[unit]}`;
}

/** Disk usage of a file of `bytes` in 1 KiB blocks, allocated in 4 KiB blocks as ext4 does. */
export function usageKib(bytes: number): number {
  return Math.ceil(bytes / 4096) * 4;
}
