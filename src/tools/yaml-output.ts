import { stringify } from 'yaml';

/** Renders a tool result as block YAML, the way the study's tools presented lists of records. */
export function yamlOutput(value: unknown): string {
  return stringify(value, { lineWidth: 80, sortMapEntries: true }).trimEnd();
}
