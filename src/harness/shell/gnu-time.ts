/**
 * Time formatting and parsing as GNU coreutils does it, always in UTC (the virtual hosts run with TZ=UTC) and
 * always against the trial's virtual "now", never the real clock.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);
const SIX_MONTHS_MS = (365.2425 / 2) * 86_400_000;

/** A small `strftime` over UTC: %Y %m %d %e %H %M %S %b %a %y %j %s %N %z %Z %F %T %D %R %p %I %% and %c. */
export function strftime(format: string, date: Date): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, code: string) => {
    switch (code) {
      case 'Y': return String(date.getUTCFullYear());
      case 'y': return pad(date.getUTCFullYear() % 100);
      case 'm': return pad(date.getUTCMonth() + 1);
      case 'd': return pad(date.getUTCDate());
      case 'e': return pad(date.getUTCDate(), 2, ' ');
      case 'H': return pad(date.getUTCHours());
      case 'I': return pad(((date.getUTCHours() + 11) % 12) + 1);
      case 'p': return date.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'M': return pad(date.getUTCMinutes());
      case 'S': return pad(date.getUTCSeconds());
      case 'N': return pad(date.getUTCMilliseconds() * 1_000_000, 9);
      case 'b': case 'h': return MONTHS[date.getUTCMonth()] ?? '';
      case 'B': return new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(date);
      case 'a': return DAYS[date.getUTCDay()] ?? '';
      case 'A': return new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(date);
      case 'j': return pad(Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3);
      case 's': return String(Math.floor(date.getTime() / 1000));
      case 'z': return '+0000';
      case 'Z': return 'UTC';
      case 'F': return strftime('%Y-%m-%d', date);
      case 'T': return strftime('%H:%M:%S', date);
      case 'D': return strftime('%m/%d/%y', date);
      case 'R': return strftime('%H:%M', date);
      case 'c': return strftime('%a %b %e %H:%M:%S %Y', date);
      case '%': return '%';
      default: return whole;
    }
  });
}

/** `date`'s default output, e.g. "Tue Feb  3 21:23:00 UTC 2026". */
export function formatDateDefault(date: Date): string {
  return strftime('%a %b %e %H:%M:%S %Z %Y', date);
}

/** `ls --full-time` / `stat` style: "2024-10-01 07:12:44.000000000 +0000". */
export function formatFullIso(date: Date): string {
  return strftime('%Y-%m-%d %H:%M:%S.%N %z', date);
}

/** `ls -l`'s default time column: "Oct  1 07:12" within six months of now, else "Oct  1  2024". */
export function formatLsTime(date: Date, now: Date, style: string | null): string {
  if (style === 'full-iso') return formatFullIso(date);
  if (style === 'long-iso') return strftime('%Y-%m-%d %H:%M', date);
  const recent = date.getTime() > now.getTime() - SIX_MONTHS_MS && date.getTime() <= now.getTime() + 3_600_000;
  if (style === 'iso') return recent ? strftime('%m-%d %H:%M', date) : strftime('%Y-%m-%d ', date);
  if (style !== null && style.startsWith('+')) return strftime(style.slice(1), date);
  return recent ? strftime('%b %e %H:%M', date) : strftime('%b %e  %Y', date);
}

const UNIT_MS: Record<string, number> = { second: 1000, sec: 1000, minute: 60_000, min: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000, fortnight: 1_209_600_000 };

/**
 * Parses the date strings of `touch -d` / `date -d`: ISO dates and date-times (with T or a space, optional
 * fraction and zone; UTC otherwise), `@epoch`, `now`, `today`, `yesterday`, `tomorrow`, `N unit(s) ago`,
 * `+N unit(s)`, and month-name forms such as "Jan 15 2025 09:00". Returns null when it cannot parse the text.
 */
export function parseDateString(text: string, now: Date): Date | null {
  const input = text.trim().replace(/\s+/g, ' ');
  const lower = input.toLowerCase();
  if (lower === '' || lower === 'now' || lower === 'today') return new Date(now.getTime());
  if (lower === 'yesterday') return new Date(now.getTime() - 86_400_000);
  if (lower === 'tomorrow') return new Date(now.getTime() + 86_400_000);
  const epoch = /^@(-?\d+(?:\.\d+)?)$/.exec(input);
  if (epoch?.[1]) return new Date(Math.round(Number(epoch[1]) * 1000));
  const relative = /^([+-]?\d+)?\s*(second|sec|minute|min|hour|day|week|fortnight|month|year)s?( ago)?$/.exec(lower);
  if (relative?.[2]) {
    const count = Number(relative[1] ?? '1') * (relative[3] ? -1 : 1);
    const unit = relative[2];
    if (unit === 'month' || unit === 'year') {
      const d = new Date(now.getTime());
      if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + count);
      else d.setUTCFullYear(d.getUTCFullYear() + count);
      return d;
    }
    return new Date(now.getTime() + count * (UNIT_MS[unit] ?? 0));
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i.exec(input);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), Math.round(Number(`0.${frac ?? '0'}`) * 1000));
    if (zone && /^[+-]/.test(zone)) {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.replace(/[^0-9]/g, '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  if (/[a-z]/i.test(input)) {
    // Month-name forms; Date.parse reads them in local time, so pin the zone to UTC.
    const ms = Date.parse(/(utc|gmt|z|[+-]\d{4})$/i.test(input) ? input : `${input} UTC`);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  return null;
}

/** Parses `touch -t [[CC]YY]MMDDhhmm[.ss]` (UTC); null when malformed. */
export function parseTouchStamp(stamp: string, now: Date): Date | null {
  const match = /^(\d{2}|\d{4})?(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?$/.exec(stamp);
  if (!match) return null;
  const [, yearText, mo, d, h, mi, s] = match;
  let year = now.getUTCFullYear();
  if (yearText?.length === 4) year = Number(yearText);
  else if (yearText?.length === 2) year = Number(yearText) + (Number(yearText) < 69 ? 2000 : 1900);
  const ms = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return Number.isNaN(ms) ? null : new Date(ms);
}
