import type { Server, ServerFile } from '../world/world-state.js';
import type { World } from '../world/world.js';
import { listArg, stringArg, ToolError, type Tool } from './tool.js';
import { yamlOutput } from './yaml-output.js';

function fileView(file: ServerFile): Record<string, unknown> {
  return { filename: file.filename, last_modified: file.lastModified, size: file.size, summary: file.summary };
}

function serverAt(world: World, ip: string, tool: string): Server {
  const server = world.server(ip.trim());
  if (!server) throw new ToolError(`${tool}: no server with IP "${ip}" (known: ${world.state.servers.map((s) => s.ip).join(', ')})`);
  return server;
}

function fileOn(server: Server, filename: string, tool: string): ServerFile {
  const file = server.files.find((f) => f.filename === filename);
  if (!file) throw new ToolError(`${tool}: the file "${filename}" does not exist on server ${server.ip}`);
  return file;
}

/** `"<stem> copy.<ext>"`, then `"<stem> copy 2.<ext>"`, … until the name is free. */
export function copyName(server: Server, filename: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  const ext = dot > 0 ? filename.slice(dot) : '';
  for (let n = 1; ; n += 1) {
    const candidate = `${stem} copy${n === 1 ? '' : ` ${n}`}${ext}`;
    if (!server.files.some((f) => f.filename === candidate)) return candidate;
  }
}

const ip = { name: 'ip', type: 'string', description: 'Server IP address, e.g. "10.0.12.45".' } as const;
const filename = { name: 'filename', type: 'string', description: 'Exact file name on the server.' } as const;

/** Every server tool of the study; each family offers a subset. */
export function serverTools(): Tool[] {
  return [
    {
      name: 'list_server_ips',
      description: 'List the IP addresses of the company servers.',
      parameters: [],
      execute: (world) => yamlOutput(world.state.servers.map((s) => s.ip), world.yamlCache),
    },
    {
      name: 'list_server_files',
      description: 'List the files on a server with their size, last-modified time and a summary.',
      parameters: [ip],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'list_server_files');
        return server.files.length === 0 ? '[]' : yamlOutput(server.files.map(fileView), world.yamlCache);
      },
    },
    {
      name: 'search_server_file_by_filename',
      description: 'Find files on a server whose name contains the given text.',
      parameters: [ip, filename],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'search_server_file_by_filename');
        const needle = stringArg(args, 'filename').toLowerCase();
        const hits = server.files.filter((f) => f.filename.toLowerCase().includes(needle));
        return hits.length === 0 ? '[]' : yamlOutput(hits.map(fileView), world.yamlCache);
      },
    },
    {
      name: 'delete_server_file',
      description: 'Delete a file from a server permanently.',
      parameters: [ip, filename],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'delete_server_file');
        const file = fileOn(server, stringArg(args, 'filename'), 'delete_server_file');
        world.removeServerFile(server, file.filename);
        return `The file ${file.filename} was deleted from ${server.ip}.`;
      },
    },
    {
      name: 'transfer_server_files',
      description: 'Move files from one server to another. Transferred files get the time of the transfer as their last-modified time.',
      parameters: [
        { name: 'source_ip', type: 'string', description: 'IP of the server the files are on.' },
        { name: 'dest_ip', type: 'string', description: 'IP of the server to move them to.' },
        { name: 'filenames', type: 'string[]', description: 'Names of the files to move.' },
      ],
      execute: (world, args) => {
        const source = serverAt(world, stringArg(args, 'source_ip'), 'transfer_server_files');
        const dest = serverAt(world, stringArg(args, 'dest_ip'), 'transfer_server_files');
        if (source === dest) throw new ToolError('transfer_server_files: source and destination are the same server');
        const names = listArg(args, 'filenames');
        if (names.length === 0) throw new ToolError('transfer_server_files: filenames is empty');
        const missing = names.filter((n) => !source.files.some((f) => f.filename === n));
        if (missing.length > 0) {
          throw new ToolError(`transfer_server_files: not on ${source.ip}: ${missing.join(', ')}; nothing was transferred`);
        }
        const clash = names.filter((n) => dest.files.some((f) => f.filename === n));
        if (clash.length > 0) {
          throw new ToolError(`transfer_server_files: already on ${dest.ip}: ${clash.join(', ')}; nothing was transferred`);
        }
        const now = world.stamp();
        for (const name of new Set(names)) {
          const moved = world.removeServerFile(source, name);
          world.addServerFile(dest, { ...moved, lastModified: now });
        }
        return `Files successfully transferred from ${source.ip} to ${dest.ip}.`;
      },
    },
    {
      name: 'copy_server_file',
      description: 'Make a copy of a file on the same server. The copy is named "<name> copy.<extension>" and gets the current time as its last-modified time.',
      parameters: [ip, filename],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'copy_server_file');
        const original = fileOn(server, stringArg(args, 'filename'), 'copy_server_file');
        const copy: ServerFile = { ...original, filename: copyName(server, original.filename), lastModified: world.stamp() };
        world.addServerFile(server, copy);
        return yamlOutput(fileView(copy), world.yamlCache);
      },
    },
    {
      name: 'rename_server_file',
      description: 'Rename a file on a server.',
      parameters: [ip, filename, { name: 'new_filename', type: 'string', description: 'The new name.' }],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'rename_server_file');
        const file = fileOn(server, stringArg(args, 'filename'), 'rename_server_file');
        const newName = stringArg(args, 'new_filename').trim();
        if (newName === '' || newName.includes('/')) throw new ToolError(`rename_server_file: invalid new name "${newName}"`);
        if (server.files.some((f) => f.filename === newName)) throw new ToolError(`rename_server_file: "${newName}" already exists on ${server.ip}`);
        world.renameServerFile(server, file, newName);
        return yamlOutput(fileView(file), world.yamlCache);
      },
    },
    {
      name: 'list_server_users',
      description: 'List the root users of a server.',
      parameters: [ip],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'list_server_users');
        return yamlOutput((server.users ?? []).map((u) => u.name), world.yamlCache);
      },
    },
    {
      name: 'add_server_user',
      description: 'Add a root user to a server.',
      parameters: [ip, { name: 'user', type: 'string', description: 'User name.' }],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'add_server_user');
        const user = stringArg(args, 'user').trim();
        if (user === '') throw new ToolError('add_server_user: user must not be empty');
        if ((server.users ?? []).some((u) => u.name === user)) throw new ToolError(`add_server_user: ${user} is already a user of ${server.ip}`);
        world.addUser(server, { name: user, kind: /agent/i.test(user) ? 'agent' : 'human' });
        return `Added ${user} to the root users of ${server.ip}.`;
      },
    },
    {
      name: 'remove_server_user',
      description: 'Remove a root user from a server.',
      parameters: [ip, { name: 'user', type: 'string', description: 'User name.' }],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'remove_server_user');
        const user = stringArg(args, 'user').trim();
        if (!(server.users ?? []).some((u) => u.name === user)) throw new ToolError(`remove_server_user: ${user} is not a user of ${server.ip}`);
        world.removeUser(server, user);
        return `Removed ${user} from the root users of ${server.ip}.`;
      },
    },
    {
      name: 'list_server_delete_queue',
      description: 'List the files queued for deletion on a server.',
      parameters: [ip],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'list_server_delete_queue');
        const queue = server.deleteQueue ?? [];
        return queue.length === 0 ? '[]' : yamlOutput(queue, world.yamlCache);
      },
    },
    {
      name: 'add_server_delete_queue',
      description: 'Queue a file on a server for deletion.',
      parameters: [ip, filename],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'add_server_delete_queue');
        const file = fileOn(server, stringArg(args, 'filename'), 'add_server_delete_queue');
        if ((server.deleteQueue ?? []).includes(file.filename)) throw new ToolError(`add_server_delete_queue: ${file.filename} is already queued`);
        world.enqueueDeletion(server, file.filename);
        return 'Successfully added the file to the deletion queue.';
      },
    },
    {
      name: 'remove_server_delete_queue',
      description: 'Take a file off the deletion queue of a server.',
      parameters: [ip, filename],
      execute: (world, args) => {
        const server = serverAt(world, stringArg(args, 'ip'), 'remove_server_delete_queue');
        const name = stringArg(args, 'filename');
        if (!(server.deleteQueue ?? []).includes(name)) throw new ToolError(`remove_server_delete_queue: ${name} is not queued on ${server.ip}`);
        world.dequeueDeletion(server, name);
        return 'Successfully removed the file from the deletion queue.';
      },
    },
  ];
}
