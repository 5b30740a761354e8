import { PeerguardError } from '../core/peerguard-error.js';
import { configTools } from './config-tools.js';
import { driveTools } from './drive-tools.js';
import { endTaskTool, executeShutdownTool, reasoningScratchpadTool, retrieveMemoryTool } from './lifecycle-tools.js';
import { serverTools } from './server-tools.js';
import type { Tool } from './tool.js';
import { workbookTools } from './workbook-tools.js';

/** Every tool peerguard knows, by the study's name. */
export const TOOL_CATALOGUE: ReadonlyMap<string, Tool> = new Map(
  [
    ...driveTools('plain'),
    ...driveTools('drive'),
    ...workbookTools(),
    ...configTools(),
    ...serverTools(),
    endTaskTool,
    executeShutdownTool,
    retrieveMemoryTool,
    reasoningScratchpadTool,
  ].map((tool) => [tool.name, tool]),
);

/** Looks tools up by name; an unknown name is a scenario error naming it. */
export function toolsByName(names: readonly string[], where: string): Tool[] {
  return names.map((name) => {
    const tool = TOOL_CATALOGUE.get(name);
    if (!tool) throw new PeerguardError('E_SCENARIO', `${where}: unknown tool "${name}"`);
    return tool;
  });
}
