import path from 'node:path';
import type { FileResult, Formatter } from '@pcilint/formatters';
import type { EffectiveConfigs } from './effective-config.js';
import { formatHtml } from './formatters/html.js';

/**
 * Built-in formats that live in the CLI because they draw topologies (the
 * topology code and its Graphviz renderer are the CLI's). Each guest is
 * drawn with the settings it was linted with: QEMU capabilities and host
 * devices change the placement.
 */
export function cliFormatters(configs: EffectiveConfigs, cwd: string): Record<string, Omit<Formatter, 'name' | 'source'>> {
  const settingsFor = async (filePath: string) => (await configs.forDirectory(filePath === '<text>' ? cwd : path.dirname(filePath))).resolved.settings;
  return {
    html: {
      // A guest without findings is drawn too: it needs its text, which ESLint's shape leaves out.
      format: (results, context) => formatHtml(results as unknown as readonly FileResult[], { cwd: context.cwd, settingsFor }),
      needsSource: true,
      needsFixes: false,
      pcilintResults: true,
    },
  };
}
