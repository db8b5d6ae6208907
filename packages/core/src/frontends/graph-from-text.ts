import { graphFromCommandLineText } from './qemu-argv/build.js';
import type { TimingCollector } from '../engine/timings.js';
import { graphFromDomainXmlText, type BuildResult } from './libvirt-xml.js';

/** The input languages pcilint reads. */
export type SourceLanguage = 'libvirt-xml' | 'qemu-argv';

export type GraphFromTextResult =
  | BuildResult
  | { readonly kind: 'syntax-error'; readonly language: SourceLanguage; readonly error: { readonly message: string; readonly offset: number } };

/**
 * The language of a text, by content rather than file name (issue 4): XML
 * starts with `<` after blanks; anything else is read as a QEMU command line
 * (an .args file, a shell script, /proc/PID/cmdline, a `ps` line).
 */
export function sourceLanguageOf(text: string): SourceLanguage {
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''));
  return first && first[0] === '<' ? 'libvirt-xml' : 'qemu-argv';
}

/**
 * The language a file's name gives, when its extension is one pcilint knows;
 * `null` when the name has no extension (a /proc cmdline, a `ps` capture):
 * then the content decides. A name with any other extension is not read:
 * `guest.json` is not sniffed into a command line.
 */
export function sourceLanguageOfName(fileName: string): SourceLanguage | 'unsupported' | null {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = base.slice(dot + 1).toLowerCase();
  if (extension === 'xml') return 'libvirt-xml';
  if (COMMAND_LINE_EXTENSIONS.includes(extension)) return 'qemu-argv';
  return 'unsupported';
}

/** libvirt's qemuxmlconf test data (.args), shell scripts, saved /proc cmdlines. */
export const COMMAND_LINE_EXTENSIONS: readonly string[] = ['args', 'sh', 'bash', 'cmdline'];

/** The one entry from text to device graph, for every input language; `language` when the file name settled it. */
export function graphFromText(text: string, language: SourceLanguage = sourceLanguageOf(text), timings?: TimingCollector): GraphFromTextResult {
  const built = language === 'libvirt-xml' ? graphFromDomainXmlText(text, timings) : graphFromCommandLineText(text, timings);
  return built.kind === 'syntax-error' ? { kind: 'syntax-error', language, error: built.error } : built;
}
