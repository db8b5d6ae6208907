import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintText, resolveConfig } from '@pcilint/core';
import common from '@pcilint/rules-common';
import { rulesMetaOf, toFileResult, toFormatterResult, type FormatterContext, type FormatterResult } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const config = resolveConfig([common], []);

/** A context as the CLI builds it: the repository root as %SRCROOT%. */
export const context: FormatterContext = { cwd: repoRoot, srcRoot: repoRoot, rulesMeta: rulesMetaOf([common]), toolVersion: '0.1.0' };

/** Lints a text with the common pack and returns it as formatters see it. */
export function lintedAs(relativePath: string, text: string): FormatterResult {
  return toFormatterResult(toFileResult(path.join(repoRoot, relativePath), text, lintText(text, config), false));
}

/** A q35 guest whose two root ports share chassis 1 (an error at each port after the first). */
export const q35 = (extra = '') => `<domain type='kvm'>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>${extra}
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'><target chassis='1' port='0x10'/></controller>
    <controller type='pci' index='2' model='pcie-root-port'><target chassis='1' port='0x11'/></controller>
    <controller type='pci' index='3' model='pcie-root-port'><target chassis='1' port='0x12'/></controller>
  </devices>
</domain>`;
