import path from 'node:path';
import type { ResolvedConfig } from '@pcilint/core';
import type { FileResult } from '../results.js';
import { pictureWithFindings, type GuestPicture } from '../topology/picture.js';
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
    const pictures = new Map<string, GuestPicture>();
    for (const r of this.results) {
      if (r.skipped !== undefined) continue;
      const directory = r.filePath === '<text>' ? this.cwd : path.dirname(r.filePath);
      const { resolved } = await this.configFor(directory);
      // After --fix the findings are those of the fixed text.
      pictures.set(r.filePath, pictureWithFindings(r.filePath, r.output ?? r.source, resolved.settings, r.messages));
    }
    this.write(await formatHtml(this.results, { cwd: this.cwd, pictures }));
  }
}
