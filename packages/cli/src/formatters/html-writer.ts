import path from 'node:path';
import type { ResolvedConfig } from '@pcilint/core';
import type { FileResult } from '../results.js';
import { formatHtml } from './html.js';

/**
 * Collects the results of a run and writes the html report at the end: one
 * page holds every guest, so nothing can be written before the last file.
 * Each guest is drawn with its configuration's settings (QEMU capabilities,
 * host devices), as it was linted.
 */
export class HtmlWriter {
  private readonly results: FileResult[] = [];

  constructor(
    private readonly write: (chunk: string) => unknown,
    private readonly cwd: string,
    private readonly configFor: (directory: string) => Promise<{ readonly resolved: ResolvedConfig }>,
  ) {}

  add(result: FileResult): void {
    this.results.push(result);
  }

  async finish(): Promise<void> {
    const settingsFor = async (filePath: string) =>
      (await this.configFor(filePath === '<text>' ? this.cwd : path.dirname(filePath))).resolved.settings;
    this.write(await formatHtml(this.results, { cwd: this.cwd, settingsFor }));
  }
}
