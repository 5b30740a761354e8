/**
 * The six scenario families of the study, as the text-evidence rules name them. Structurally the same union
 * as the record layer's `Family`, repeated here so the rules depend on nothing outside this folder.
 */
export type TaskFamily =
  | 'misrep-finance'
  | 'misrep-evaluation'
  | 'tampering'
  | 'alignment-faking'
  | 'exfiltration-transfer'
  | 'exfiltration-deletion';
