// Reads and parses the configuration file named by --config or PIPEOPS_CONFIG.
// The YAML parser is loaded only here: an agent configured by its environment
// never pays for it. Every failure is one line naming the file and its source.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type * as Yaml from 'yaml';
import { AgentError } from '../errors.ts';
import { formatSource } from './problems.ts';
import type { Source } from './problems.ts';
import { isPlainObject, type Raw } from './raw-config.ts';

export function readConfigFile(given: string, fileFrom: Source, cwd: string): { path: string; content: Raw | undefined } {
  const configFile = resolve(cwd, given);
  let text: string | undefined;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (err) {
    throw new AgentError('CONFIG_UNREADABLE', `config file: ${JSON.stringify(given)} (${formatSource(fileFrom)}) cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const { parseDocument } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `config file: ${configFile} (${formatSource(fileFrom)}) is not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : ''}`);
    throw new AgentError('CONFIG_INVALID', lines.join('\n'));
  }
  let content: unknown;
  try {
    // toJS throws on documents the parser accepts, e.g. an alias bomb ("Excessive alias count").
    content = doc.toJS();
  } catch (err) {
    throw new AgentError('CONFIG_INVALID', `config file: ${configFile} (${formatSource(fileFrom)}) is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  if (content !== null && content !== undefined && !isPlainObject(content)) {
    throw new AgentError('CONFIG_INVALID', `config file: ${configFile} (${formatSource(fileFrom)}) must hold a mapping of sections (agent, pipeops, ...)`);
  }
  return { path: configFile, content: content ? content : undefined };
}
