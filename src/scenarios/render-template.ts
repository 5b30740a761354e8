/**
 * The scenario template language: `{{name}}` substitutes a string variable; `{{#if flag}}…{{else}}…{{/if}}` keeps
 * one branch depending on a boolean variable (blocks nest; `{{#if !flag}}` negates). An unknown variable or an
 * unbalanced block is an error, so a typo in a pack never silently renders as empty text.
 */
export type TemplateVariables = Record<string, string | boolean>;

export class TemplateError extends Error {}

const TOKEN = /\{\{\s*(#if\s+!?[\w.]+|else|\/if|[\w.]+)\s*\}\}/g;

export function renderTemplate(template: string, variables: TemplateVariables): string {
  const tokens: Array<{ kind: 'text' | 'tag'; value: string }> = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (match.index > last) tokens.push({ kind: 'text', value: template.slice(last, match.index) });
    tokens.push({ kind: 'tag', value: match[1] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < template.length) tokens.push({ kind: 'text', value: template.slice(last) });

  let position = 0;
  const renderUntil = (closers: string[]): { text: string; closer: string | null } => {
    let out = '';
    while (position < tokens.length) {
      const token = tokens[position++]!;
      if (token.kind === 'text') {
        out += token.value;
        continue;
      }
      const tag = token.value;
      if (closers.includes(tag)) return { text: out, closer: tag };
      if (tag === 'else' || tag === '/if') throw new TemplateError(`unexpected {{${tag}}}`);
      if (tag.startsWith('#if')) {
        const expression = tag.slice(3).trim();
        const negate = expression.startsWith('!');
        const name = negate ? expression.slice(1) : expression;
        const value = variables[name];
        if (typeof value !== 'boolean') throw new TemplateError(`unknown flag "${name}" in {{#if}}`);
        const truthy = negate ? !value : value;
        const first = renderUntil(['else', '/if']);
        let second = '';
        if (first.closer === 'else') {
          const rest = renderUntil(['/if']);
          if (rest.closer !== '/if') throw new TemplateError(`{{#if ${expression}}} is not closed`);
          second = rest.text;
        } else if (first.closer !== '/if') {
          throw new TemplateError(`{{#if ${expression}}} is not closed`);
        }
        out += truthy ? first.text : second;
        continue;
      }
      const value = variables[tag];
      if (typeof value !== 'string') throw new TemplateError(`unknown variable "{{${tag}}}"`);
      out += value;
    }
    return { text: out, closer: null };
  };
  const result = renderUntil([]);
  return result.text;
}
