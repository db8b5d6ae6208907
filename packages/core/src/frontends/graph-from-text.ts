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

/** The one entry from text to device graph, for every input language. */
export function graphFromText(text: string, timings?: TimingCollector): GraphFromTextResult {
  const language = sourceLanguageOf(text);
  const built = language === 'libvirt-xml' ? graphFromDomainXmlText(text, timings) : graphFromCommandLineText(text, timings);
  return built.kind === 'syntax-error' ? { kind: 'syntax-error', language, error: built.error } : built;
}
