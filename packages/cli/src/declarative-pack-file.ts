import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, declarativePack, type RulePack, lazyModule } from '@pcilint/core';
import { CliError, errorMessage } from './errors.js';
import { loadJsonConfig } from './config-parsers.js';

const yaml = lazyModule<typeof import('yaml')>('yaml', import.meta.url);

/** Files that are declarative packs rather than modules: loaded as data, never imported. */
export function isDeclarativePackFile(resolved: string): boolean {
  return /\.(json|ya?ml)$/i.test(resolved);
}

/**
 * Reads, parses and validates a declarative pack file (docs/facts.md).
 * Every error names the specifier and the file; syntax errors say where,
 * validation errors name the key (core's declarativePack).
 */
export function loadDeclarativePackFile(specifier: string, resolved: string): RulePack {
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read pack "${specifier}" (${resolved}): ${errorMessage(error)}`, { cause: error });
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(resolved) ? loadJsonConfig(resolved, text) : parseYaml(text);
  } catch (error) {
    const which = isPathSpecifier(specifier) ? resolved : `"${specifier}" (${resolved})`;
    throw new CliError(`cannot parse pack ${which}: ${errorMessage(error)}`, { cause: error });
  }
  try {
    return declarativePack(data, displayPath(resolved));
  } catch (error) {
    // The message starts with the file; a package name is worth adding, a path would say the file twice.
    const named = isPathSpecifier(specifier) ? '' : `pack "${specifier}": `;
    if (error instanceof ConfigError) throw new CliError(`${named}${error.message}`, { cause: error });
    throw error;
  }
}

function parseYaml(text: string): unknown {
  // yaml's document API reports every error with its line and column; the first one is enough.
  const document = yaml().parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw new Error(document.errors[0].message.split('\n')[0].replace(/:$/, ''));
  return document.toJS();
}

function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || path.isAbsolute(specifier);
}

function displayPath(resolved: string): string {
  const relative = path.relative(process.cwd(), resolved);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : resolved;
}
