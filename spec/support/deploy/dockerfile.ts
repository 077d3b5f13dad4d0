// Reads the project's Dockerfile and .dockerignore the way the build does, so
// specs can check the image's contents without a Docker engine.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

export interface Instruction {
  keyword: string;
  args: string;
  /** Flags such as --from=deps, split off the arguments. */
  flags: Record<string, string>;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const result: Dockerfile = { args: {}, stages: [] };
  for (const line of logical) {
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`not a Dockerfile instruction: ${line}`);
    const keyword = match[1].toUpperCase();
    let args = match[2].replace(/\s+/g, ' ');
    const flags: Record<string, string> = {};
    for (let flag = /^--([\w-]+)=(\S+)\s*/.exec(args); flag; flag = /^--([\w-]+)=(\S+)\s*/.exec(args)) {
      flags[flag[1]] = flag[2];
      args = args.slice(flag[0].length);
    }
    if (keyword === 'FROM') {
      const [image, as, name] = args.split(' ');
      const from = image.replace(/^\$\{?(\w+)\}?$/, (_, arg: string) => result.args[arg] ?? image);
      result.stages.push(as?.toUpperCase() === 'AS' && name ? { from, name, instructions: [] } : { from, instructions: [] });
      continue;
    }
    const stage = result.stages.at(-1);
    if (!stage) {
      if (keyword !== 'ARG') throw new Error(`${keyword} before the first FROM`);
      const [key, value = ''] = args.split('=');
      result.args[key] = value;
      continue;
    }
    stage.instructions.push({ keyword, args, flags });
  }
  return result;
}

export function readDockerfile(): Dockerfile {
  return parseDockerfile(readFileSync(`${PROJECT_ROOT}/Dockerfile`, 'utf8'));
}

/** The exec-form (JSON array) arguments of an instruction, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Sources of the final stage's COPY instructions that come from the build context. */
/** What the final stage copies from the build context; with allStages, what any stage does (without duplicates). */
export function contextCopies(dockerfile: Dockerfile, allStages = false): string[] {
  if (allStages) return [...new Set(dockerfile.stages.flatMap((_, i) => stageCopies(dockerfile, i)))];
  return stageCopies(dockerfile, dockerfile.stages.length - 1);
}

function stageCopies(dockerfile: Dockerfile, index: number): string[] {
  const final = dockerfile.stages[index];
  if (!final) return [];
  return final.instructions
    .filter((i) => i.keyword === 'COPY' && i.flags.from === undefined)
    .flatMap((i) => i.args.split(' ').slice(0, -1));
}

/**
 * Whether the build context keeps `path` under the project's .dockerignore.
 * Supports what the file uses: `*`, plain names, and `!name` / `!name/` exceptions.
 */
export function contextIncludes(path: string, ignoreText = readFileSync(`${PROJECT_ROOT}/.dockerignore`, 'utf8')): boolean {
  let included = true;
  for (const raw of ignoreText.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/\/$/, '');
    if (/[?[\]]/.test(pattern) || (pattern.includes('*') && pattern !== '*')) {
      throw new Error(`.dockerignore pattern not understood by this check: ${line}`);
    }
    const matches = pattern === '*' || path === pattern || path.startsWith(`${pattern}/`);
    if (matches) included = negate;
  }
  return included;
}
