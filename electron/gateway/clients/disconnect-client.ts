// Disconnect: undo what connect did to a client's file.
//
// - The file is exactly as Portcullis last wrote it → the original comes back byte for byte
//   from the backup (or the file is removed, if connect created it).
// - The file changed since (the person edited it, or the client did: Claude Code rewrites
//   ~/.claude.json all the time) → a byte-for-byte restore would throw those edits away. So
//   only the entries Portcullis rewrote get their original text back (comments inside them
//   included), entries it added are removed, and everything else stays as it is now. An
//   entry changed or removed since connect is left as the person left it. The result says
//   which way it went, and the untouched original stays in the backups folder either way.
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree } from 'jsonc-parser';
import { clientInfo, type ClientId } from './client-kinds.js';
import { formattingOf, parseClientConfig, writeClientConfig } from './config-file.js';
import { maskSecrets, unifiedDiff } from './config-diff.js';
import { backupFile, canonicalHash, findConnection, sha256, writeConnection, type ClientConnection } from './connection-records.js';
import { readClientEntries } from './read-entries.js';

export interface DisconnectPlan {
  connection: ClientConnection;
  file: string;
  currentSha256: string;
  mode: 'exact' | 'entries';
  /** The bytes to write; null removes the file (connect created it). */
  after: Buffer | null;
  restored: number;
  /** Entries left as the person left them, with why. */
  leftAlone: string[];
  diff: string;
  notes: string[];
}

export async function planDisconnect(request: { dataDir: string; client: ClientId; file: string }): Promise<DisconnectPlan> {
  const file = path.resolve(request.file);
  const connection = await findConnection(request.dataDir, file);
  if (!connection) throw new Error(`Portcullis has no record of connecting ${file}, so there is nothing to restore`);
  if (connection.client !== request.client) throw new Error(`${file} was connected as ${connection.client}, not ${request.client}`);
  const current = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!current) {
    const where = connection.backup ? `; the original is kept at ${connection.backup}` : '';
    throw new Error(`${file} no longer exists, so there is nothing to restore${where}`);
  }
  const allowsComments = clientInfo(connection.client).allowsComments;
  const currentText = stripBom(current.toString('utf8'));
  const currentSha256 = sha256(current);
  const notes: string[] = [];

  if (connection.exact && currentSha256 === connection.writtenSha256) {
    // null: there was no file before connect. undefined: the backup is gone.
    const original = !connection.existed ? null : connection.backup ? await readFile(connection.backup).catch(() => undefined) : undefined;
    if (original !== undefined) {
      const afterText = original ? stripBom(original.toString('utf8')) : '';
      const paths = [...entryPaths(connection.client, currentText, allowsComments), ...entryPaths(connection.client, afterText, allowsComments)];
      if (!original) notes.push(`Connect created ${file}; disconnect removes it.`);
      return { connection, file, currentSha256, mode: 'exact', after: original, restored: connection.entries.length, leftAlone: [], diff: unifiedDiff(maskSecrets(currentText, paths), maskSecrets(afterText, paths), file), notes };
    }
    notes.push(`The backup ${connection.backup ?? ''} is missing, so the entries are restored one by one.`);
  }

  parseClientConfig(currentText, file, allowsComments); // a damaged file: a clear error, nothing written
  const formatting = formattingOf(currentText);
  let text = currentText;
  let restored = 0;
  const leftAlone: string[] = [];
  for (const entry of connection.entries) {
    const root = parseTree(text, [], { allowTrailingComma: true, allowEmptyContent: true });
    const node = root ? findNodeAtLocation(root, entry.path) : undefined;
    const name = entry.path[entry.path.length - 1] ?? '';
    if (!node) {
      leftAlone.push(`${name}: removed since connect, so not put back`);
      continue;
    }
    if (canonicalHash(getNodeValue(node)) !== entry.written) {
      leftAlone.push(`${name}: changed since connect, so kept as it is now`);
      continue;
    }
    text = entry.original === null ? applyEdits(text, modify(text, entry.path, undefined, { formattingOptions: formatting })) : text.slice(0, node.offset) + entry.original + text.slice(node.offset + node.length);
    restored++;
  }
  notes.unshift(`${file} changed since Portcullis connected it, so only the MCP entries Portcullis rewrote were restored and your other edits were kept.${connection.backup ? ` The file as it was before connect is kept at ${connection.backup}.` : ''}`);
  const bom = current.toString('utf8').charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const paths = [...entryPaths(connection.client, currentText, allowsComments), ...entryPaths(connection.client, text, allowsComments)];
  return {
    connection,
    file,
    currentSha256,
    mode: 'entries',
    after: Buffer.from(bom + text, 'utf8'),
    restored,
    leftAlone,
    diff: unifiedDiff(maskSecrets(currentText, paths), maskSecrets(text, paths), file),
    notes,
  };
}

export interface DisconnectResult {
  file: string;
  mode: DisconnectPlan['mode'];
  /** Copy of the file as it was just before disconnect. */
  backup: string;
  removedFile: boolean;
}

export async function applyDisconnect(plan: DisconnectPlan, context: { dataDir: string }): Promise<DisconnectResult> {
  const current = await readFile(plan.file);
  if (sha256(current) !== plan.currentSha256) throw new Error(`${plan.file} changed after the diff was made; run disconnect again. Nothing was changed.`);
  const backup = await backupFile(context.dataDir, plan.connection.client, plan.file, current);
  if (plan.after === null) await unlink(plan.file);
  else await writeClientConfig(plan.file, plan.after);
  await writeConnection(context.dataDir, plan.file, undefined);
  return { file: plan.file, mode: plan.mode, backup, removedFile: plan.after === null };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Entry paths of a document, for masking secrets in the diff; none if it does not parse. */
function entryPaths(client: ClientId, text: string, allowsComments: boolean): string[][] {
  if (text.trim() === '') return [];
  try {
    return readClientEntries(client, '', parseClientConfig(text, '', allowsComments), 'user', new Set()).map((e) => e.path);
  } catch {
    return [];
  }
}
