/** Exit statuses by error code: 2 usage or configuration (missing keys, base URL, a real CLI or bubblewrap missing), 3 bad input or scenario, 4 store, 1 anything else. */
export function exitCodeFor(code: string | undefined): number {
  if (code === 'E_USAGE' || code === 'E_CONFIG' || code === 'E_CLI_MISSING' || code === 'E_SANDBOX') return 2;
  if (code === 'E_SCENARIO' || code === 'E_INPUT') return 3;
  if (code?.startsWith('E_STORE')) return 4;
  return 1;
}
