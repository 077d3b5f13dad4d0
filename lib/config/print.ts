// The `config` command's output: the effective configuration as YAML that the
// agent could read back (durations as "30s", secrets masked), each value not
// taken from the defaults annotated with where it came from.
import { Document, isMap, isScalar } from 'yaml';
import { formatDuration } from './duration.ts';
import { maskConfig } from './mask.ts';
import { KEY_SPECS } from './schema.ts';
import type { AgentConfig } from './types.ts';

export function configToYaml(config: AgentConfig, sources?: Readonly<Record<string, string>>): string {
  const plain = maskConfig(structuredClone(config)) as unknown as Record<string, Record<string, unknown>>;
  // A token read from its token_file is printed as the file alone: token and token_file in one file is an error,
  // and the output must read back as it is.
  if (config.pipeops.token_file !== '') plain.pipeops.token = '';
  const runners = plain.runners as unknown as Array<Record<string, unknown>>;
  config.runners.forEach((r, i) => {
    if (r.token_file !== undefined) delete runners[i].token;
  });
  for (const spec of KEY_SPECS) {
    if (spec.type !== 'duration') continue;
    const path = spec.key.split('.');
    let parent: Record<string, unknown> = plain;
    for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string, unknown>;
    parent[path.at(-1)!] = formatDuration(parent[path.at(-1)!] as number);
  }
  const doc = new Document(plain);
  if (sources !== undefined) {
    for (const spec of KEY_SPECS) {
      if (spec.key === 'pipeops.token' && config.pipeops.token_file !== '') continue;
      const source = sources[spec.key];
      if (source === undefined || source === 'default') continue;
      const node = doc.getIn(spec.key.split('.'), true);
      if (isScalar(node)) {
        node.comment = ` ${source}`;
        continue;
      }
      // Collections (labels, runners) take the note on the line above their key.
      const path = spec.key.split('.');
      const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
      if (!isMap(parent)) continue;
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1));
      if (pair !== undefined && isScalar(pair.key)) pair.key.commentBefore = ` ${source}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
