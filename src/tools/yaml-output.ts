import { stringify } from 'yaml';

/**
 * Renderings of tool results already made in a run, by the value's JSON. Trials of one scenario start from the
 * same world, so their first listings render the same values again and again; YAML rendering is the costliest
 * part of a tool call. Only values whose JSON determines their YAML are cached (plain objects and arrays, strings,
 * booleans, null, finite numbers other than -0, and no object reached twice — YAML would write an alias for it);
 * any other value is rendered afresh. Bounded: emptied when it holds more than `maxEntries` renderings or
 * `maxChars` characters of keys and renderings.
 */
export class YamlOutputCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxEntries = 1024, private readonly maxChars = 16_000_000) {}

  /** How many renderings it holds. */
  get size(): number {
    return this.entries.size;
  }

  /** The rendering of `value`, from the cache when an equal value was rendered before. */
  render(value: unknown): string {
    if (!jsonDeterminesYaml(value, new Set())) return renderYaml(value);
    const key = JSON.stringify(value);
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const rendered = renderYaml(value);
    if (this.entries.size >= this.maxEntries || this.chars + key.length + rendered.length > this.maxChars) {
      this.entries.clear();
      this.chars = 0;
    }
    this.entries.set(key, rendered);
    this.chars += key.length + rendered.length;
    return rendered;
  }
}

function jsonDeterminesYaml(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || value[i] === undefined || !jsonDeterminesYaml(value[i], seen)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(value).length > 0) return false;
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined && !jsonDeterminesYaml(item, seen)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function renderYaml(value: unknown): string {
  return stringify(value, { lineWidth: 80, sortMapEntries: true }).trimEnd();
}

/**
 * Renders a tool result as block YAML, the way the study's tools presented lists of records; with a `cache`,
 * an equal value rendered before in the run is not rendered again (the text is the same either way).
 */
export function yamlOutput(value: unknown, cache?: YamlOutputCache): string {
  return cache ? cache.render(value) : renderYaml(value);
}
