import { lazyModule } from '@pcilint/core';
import { errorMessage } from './errors.js';
import { importWithTimeout } from './import-with-timeout.js';

// Only a JavaScript config that fails to load needs a child process (its syntax check).
const childProcess = lazyModule<typeof import('node:child_process')>('node:child_process', import.meta.url);

/**
 * cosmiconfig loaders for JSON and JavaScript configuration files whose
 * errors say where the problem is. (cosmiconfig 9's own JSON loader loses
 * the position on Node 20, and its JS loader retries a failed import() with
 * require(), which hides the real error behind a require(esm) one.)
 * YAML keeps cosmiconfig's js-yaml loader, whose messages carry (line:column).
 */
export function loadJsonConfig(_filepath: string, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    const offset = jsonErrorOffset(content);
    const where = offset === null ? '' : ` at ${lineColumn(content, offset)}`;
    throw new Error(`${shortJsonMessage(errorMessage(error))}${where}`);
  }
}

export async function loadModuleConfig(filepath: string): Promise<unknown> {
  try {
    // A JavaScript configuration is code the user chose to run; it gets the plugins' time limit.
    const module = (await importWithTimeout(filepath, undefined, { probe: true })) as { default?: unknown };
    return module.default;
  } catch (error) {
    if (error instanceof SyntaxError) {
      const line = syntaxErrorLine(filepath);
      throw new Error(`${error.message}${line ? ` at line ${line}` : ''}`);
    }
    throw error;
  }
}

/** V8's JSON messages quote a multi-line excerpt; keep the first clause. */
function shortJsonMessage(message: string): string {
  return message
    .replace(/^(Unexpected token '.'), [\s\S]*is not valid JSON$/, '$1')
    .replace(/^("[\s\S]*" )?is not valid JSON$/, 'Invalid JSON')
    .replace(/ in JSON at position \d+.*$/s, '')
    .split('\n')[0]!;
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Node reports where an ES module fails to parse only on the console; ask `node --check`. */
function syntaxErrorLine(filepath: string): number | null {
  const result = childProcess().spawnSync(process.execPath, ['--check', filepath], { encoding: 'utf8', timeout: 10_000 });
  const first = (result.stderr ?? '').split('\n')[0] ?? '';
  const match = /:(\d+)$/.exec(first.trim());
  return match ? Number(match[1]) : null;
}

/** The offset of the first JSON syntax error in `text`, or null when it is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntaxError(i);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c < ' ') fail();
      i += c === '\\' ? 2 : 1;
    }
    fail();
  };
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          skipSpace();
          if (text[i] !== '"') fail();
          string();
          skipSpace();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number) {
      i += number[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail();
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail();
    return null;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return Math.min(error.offset, text.length);
    throw error;
  }
}

class JsonSyntaxError {
  constructor(readonly offset: number) {}
}
