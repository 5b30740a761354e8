import { parse, type ScriptNode, type TransformPlugin } from 'just-bash';

/**
 * just-bash expands `$RANDOM` with `Math.random` and `$SECONDS` with the real clock. This transform rewrites each
 * plain `$RANDOM` / `${RANDOM}` into `$(__pg_random)` (the trial's seeded source) and `$SECONDS` into `$(__pg_seconds)`
 * before execution, so a replay prints the same numbers. (Arithmetic such as `$((RANDOM % 6))` reads the variable
 * by name and is not rewritten; it is a documented gap.)
 */
export function seededRandomPlugin(): TransformPlugin {
  const replacements: Record<string, string> = { RANDOM: '__pg_random', SECONDS: '__pg_seconds' };
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    if (record.type === 'ParameterExpansion' && typeof record.parameter === 'string' && record.operation == null) {
      const command = replacements[record.parameter];
      if (command !== undefined) return { type: 'CommandSubstitution', body: parse(command), legacy: false };
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) out[key] = rewrite(value);
    return out;
  };
  return { name: 'peerguard-seeded-random', transform: (context) => ({ ast: rewrite(context.ast) as ScriptNode }) };
}
