import type { SourceComment } from './comments.js';
import type { Span } from './source.js';

/** One argument of the command line, decoded, with a map back to the source. */
export interface Word {
  /** Decoded: quotes removed, escapes resolved, `$VAR` and `$(...)` kept literally. */
  readonly text: string;
  /** Raw extent in the source, quotes included. */
  readonly span: Span;
  /** offsets[i] = source offset where text[i] begins (its backslash, for an escaped char); offsets[text.length] = source offset just after the last decoded char. */
  readonly offsets: readonly number[];
  /**
   * ends[i] = source offset just after text[i]. Needed because a quote or a
   * line continuation may sit between two decoded chars, so offsets[i + 1]
   * is not where text[i] ends. When absent each char is one source unit.
   */
  readonly ends?: readonly number[];
}

export type CommandLineFormat = 'args-file' | 'shell-script' | 'proc-cmdline' | 'ps-line';

export interface CommandLine {
  readonly format: CommandLineFormat;
  /** NAME=value assignments before the program (also those after `env`/`sudo`). */
  readonly env: readonly Word[];
  /** The qemu binary, e.g. /usr/bin/qemu-system-x86_64. */
  readonly program: Word;
  /** Everything after the program up to the end of that command; redirections are left out. */
  readonly args: readonly Word[];
}

export interface CommandLineError {
  readonly message: string;
  readonly offset: number;
}

export type CommandLineParse = { ok: true; commandLine: CommandLine } | { ok: false; error: CommandLineError };

const QEMU_PROGRAM = /^(?:qemu-system-[A-Za-z0-9_.+-]+|qemu-kvm|kvm)$/;

/** True for qemu-system-*, qemu-kvm and kvm, with or without a directory. */
export function isQemuProgram(word: string): boolean {
  return QEMU_PROGRAM.test(basename(word));
}

/**
 * Content detection, so a linter can pick this front-end without trusting the
 * file name: NUL-separated text with a qemu program, or a qemu program at a
 * command position. XML (first non-blank char `<`) is never a command line.
 */
export function looksLikeQemuCommandLine(text: string): boolean {
  const first = text.search(/[^\s\uFEFF]/);
  if (first === -1 || text[first] === '<') return false;
  // Cheap pre-filter: every qemu program name contains one of these.
  if (!/qemu|kvm/.test(text)) return false;
  return analyze(text).commandLine !== null;
}

export function parseCommandLine(text: string): CommandLineParse {
  if (!/[^\s\uFEFF]/.test(text)) return { ok: false, error: { message: 'empty input', offset: 0 } };
  const { commandLine, error } = analyze(text);
  if (error) return { ok: false, error };
  if (!commandLine) return { ok: false, error: { message: 'no qemu-system-* command found', offset: 0 } };
  return { ok: true, commandLine };
}

/** Maps a [start,end) range of word.text to a source Span (quotes and escapes inside the range included). */
export function wordSpan(word: Word, start: number, end: number): Span {
  const length = word.text.length;
  const from = Math.max(0, Math.min(start, length));
  const to = Math.max(from, Math.min(end, length));
  if (from === to) return { start: word.offsets[from], end: word.offsets[from] };
  const last = to - 1;
  return { start: word.offsets[from], end: word.ends ? word.ends[last] : word.offsets[last] + 1 };
}

/** A word whose text appears verbatim in the source at `start` (no quoting). */
export function literalWord(text: string, start: number): Word {
  const offsets: number[] = [];
  for (let i = 0; i <= text.length; i++) offsets.push(start + i);
  return { text, span: { start, end: start + text.length }, offsets };
}

// ---------------------------------------------------------------------------
// Format detection

interface Analysis {
  /** Found even when `error` is set, if the scan got that far (for detection). */
  readonly commandLine: CommandLine | null;
  readonly error: CommandLineError | null;
}

function analyze(text: string): Analysis {
  if (text.includes('\0')) return analyzeLiteralWords('proc-cmdline', splitProcCmdline(text));
  const psWords = psLineWords(text);
  if (psWords) return analyzeLiteralWords('ps-line', psWords);
  return analyzeShell(text);
}

function analyzeLiteralWords(format: CommandLineFormat, words: readonly Word[]): Analysis {
  const programIndex = words.findIndex((w) => isQemuProgram(w.text));
  if (programIndex === -1) return { commandLine: null, error: null };
  // Only the assignments right before the program are its environment; on a
  // `ps aux` line the words further left are ps columns, not part of argv.
  let envStart = programIndex;
  while (envStart > 0 && ASSIGNMENT.test(words[envStart - 1].text)) envStart--;
  return {
    commandLine: {
      format,
      env: words.slice(envStart, programIndex),
      program: words[programIndex],
      args: words.slice(programIndex + 1),
    },
    error: null,
  };
}

// ---------------------------------------------------------------------------
// /proc/PID/cmdline: argv joined by NULs, usually with a trailing NUL.

function splitProcCmdline(text: string): Word[] {
  const words: Word[] = [];
  let start = 0;
  for (;;) {
    const nul = text.indexOf('\0', start);
    const end = nul === -1 ? text.length : nul;
    // An empty argument between two NULs is a real (empty) argv entry; only
    // the empty tail after the final NUL is not.
    if (nul !== -1 || end > start) words.push(literalWord(text.slice(start, end), start));
    if (nul === -1) break;
    start = nul + 1;
  }
  return words;
}

// ---------------------------------------------------------------------------
// `ps -o args` line: argv joined by single spaces, quoting lost.

/**
 * Shell syntax that never appears as a whole argument of a qemu process but
 * is common in a one-line shell command; such a line is parsed as shell even
 * though it has no quotes.
 */
const SHELL_ONLY_WORD = /^(?:;|&|&&|\|\||\||\d*>>?|<|\d*>&\d*|#.*)$/;

/**
 * Returns the words of a `ps` line, or null when the text should be parsed as
 * shell: it spans several lines, contains `'` or `\`, or has a `"` outside a
 * raw JSON word (`-device {"driver":...}` is what ps shows for libvirt
 * guests). A JSON word extends over spaces until its braces balance.
 */
function psLineWords(text: string): Word[] | null {
  const end = text.replace(/\r?\n$/, '').length;
  const line = text.slice(0, end);
  if (/[\n'\\]/.test(line)) return null;
  const words = splitOnBlanks(text, 0, end);
  for (const word of words) {
    if (word.text.includes('"') && !word.text.startsWith('{')) return null;
    if (SHELL_ONLY_WORD.test(word.text)) return null;
  }
  return words.some((w) => isQemuProgram(w.text)) ? words : null;
}

function splitOnBlanks(text: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  let i = from;
  while (i < to) {
    if (isBlank(text[i])) {
      i++;
      continue;
    }
    let end = text[i] === '{' ? balancedJsonEnd(text, i, to) : -1;
    if (end === -1 || (end < to && !isBlank(text[end]))) end = nextBlank(text, i, to);
    words.push(literalWord(text.slice(i, end), i));
    i = end;
  }
  return words;
}

function nextBlank(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && !isBlank(text[i])) i++;
  return i;
}

/** Index just after the `}` matching the `{` at `open`, skipping JSON strings; -1 if unbalanced. */
function balancedJsonEnd(text: string, open: number, to: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < to; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF';
}

// ---------------------------------------------------------------------------
// Comments and command extents, for inline directives

/** What inline directives need of a shell script: its comments, and where each command line starts and ends. */
export interface ShellLayout {
  readonly comments: readonly SourceComment[];
  /**
   * One span per command line: from its first token to its last, a line
   * continued with `\` (or a quoted newline) included, up to the newline
   * that ends it. `a; b` on one line is one span.
   */
  readonly commandLines: readonly Span[];
}

/** Comments and command lines of a shell script; NUL-separated argv has neither. */
export function shellLayout(text: string): ShellLayout {
  if (text.includes('\0')) return { comments: [], commandLines: [] };
  const scan = scanShell(text);
  const commandLines: Span[] = [];
  let current: { start: number; end: number } | null = null;
  for (const token of scan.tokens) {
    if (token.kind === 'operator' && token.op === '\n') {
      if (current) commandLines.push(current);
      current = null;
      continue;
    }
    const span = token.kind === 'word' ? token.word.span : { start: token.offset, end: token.offset + token.op.length };
    if (current) current.end = span.end;
    else current = { start: span.start, end: span.end };
  }
  if (current) commandLines.push(current);
  return { comments: scan.comments, commandLines };
}

// ---------------------------------------------------------------------------
// Shell: libvirt .args files and scripts

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Words that may precede a command without being it (`if qemu ...; then`). */
const RESERVED_PREFIXES = new Set(['!', '{', 'if', 'then', 'else', 'elif', 'while', 'until', 'do']);

/**
 * Commands that run their arguments as another command. After one of these,
 * the first qemu program word is the program, whatever options sit between
 * (`sudo -u qemu`, `taskset -c 0-3`, `numactl --membind=0`).
 */
const WRAPPERS = new Set([
  'exec', 'command', 'sudo', 'doas', 'env', 'nohup', 'nice', 'ionice', 'chrt', 'taskset', 'numactl', 'setsid',
  'stdbuf', 'timeout', 'time', 'unbuffer', 'flock', 'systemd-run', 'gdb', 'valgrind', 'strace', 'ltrace', 'perf',
]);

function analyzeShell(text: string): Analysis {
  const scan = scanShell(text);
  const commands = splitSimpleCommands(scan.tokens);
  for (const [index, command] of commands.entries()) {
    const located = locateProgram(command.words, text);
    if (!located) continue;
    const plain =
      commands.length === 1 &&
      index === 0 &&
      !scan.sawComment &&
      !scan.sawHeredoc &&
      located.programIndex === located.env.length &&
      scan.tokens.every((t) => t.kind === 'word' || (t.kind === 'operator' && t.op === '\n'));
    const commandLine: CommandLine = {
      format: plain ? 'args-file' : 'shell-script',
      env: located.env,
      program: command.words[located.programIndex],
      args: command.words.slice(located.programIndex + 1),
    };
    return { commandLine, error: scan.error };
  }
  return { commandLine: null, error: scan.error };
}

interface LocatedProgram {
  readonly programIndex: number;
  readonly env: Word[];
}

function locateProgram(words: readonly Word[], source: string): LocatedProgram | null {
  let i = 0;
  while (i < words.length && RESERVED_PREFIXES.has(words[i].text)) i++;
  const env: Word[] = [];
  while (i < words.length && isAssignmentWord(words[i], source)) env.push(words[i++]);
  if (i >= words.length) return null;
  if (isQemuProgram(words[i].text)) return { programIndex: i, env };
  if (!WRAPPERS.has(basename(words[i].text))) return null;
  for (let j = i + 1; j < words.length; j++) {
    if (isQemuProgram(words[j].text)) return { programIndex: j, env };
    if (isAssignmentWord(words[j], source)) env.push(words[j]);
  }
  return null;
}

/** POSIX: the name and `=` of an assignment must be unquoted, so look at the raw source. */
function isAssignmentWord(word: Word, source: string): boolean {
  return ASSIGNMENT.test(source.slice(word.span.start, word.span.end));
}

interface SimpleCommand {
  readonly words: Word[];
}

/** Groups words into simple commands; redirections and their targets are dropped. */
function splitSimpleCommands(tokens: readonly ShellToken[]): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let skipRedirectTarget = false;
  for (const token of tokens) {
    if (token.kind === 'word') {
      if (skipRedirectTarget) skipRedirectTarget = false;
      else words.push(token.word);
    } else if (token.kind === 'redirect') {
      skipRedirectTarget = true;
    } else {
      if (words.length) commands.push({ words });
      words = [];
      skipRedirectTarget = false;
    }
  }
  if (words.length) commands.push({ words });
  return commands;
}

type ShellToken =
  | { readonly kind: 'word'; readonly word: Word }
  /** Control operators, `\n` included: each ends a simple command. */
  | { readonly kind: 'operator'; readonly op: string; readonly offset: number }
  | { readonly kind: 'redirect'; readonly op: string; readonly offset: number };

interface ShellScan {
  readonly tokens: ShellToken[];
  readonly sawComment: boolean;
  readonly sawHeredoc: boolean;
  readonly comments: readonly SourceComment[];
  /** The first syntax error; tokens stop there (the rest of the text is one unterminated word). */
  readonly error: CommandLineError | null;
}

/** Longest first, so `&&` wins over `&` and `<<-` over `<<`. */
const OPERATORS = [
  '&>>', '<<-', '<<<',
  '&&', '||', ';;', '|&', '&>', '>>', '>&', '>|', '<<', '<&', '<>',
  ';', '&', '|', '(', ')', '<', '>',
];
const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '<', '>']);

function scanShell(text: string): ShellScan {
  return new ShellScanner(text).scan();
}

/** Decoded chars with their source extents, built up while a word is scanned. */
class WordBuilder {
  private text = '';
  private readonly offsets: number[] = [];
  private readonly ends: number[] = [];
  private emptyTail: number;

  constructor(private readonly start: number) {
    this.emptyTail = start;
  }

  push(chars: string, sourceStart: number, sourceEnd: number): void {
    for (const unit of splitUnits(chars)) {
      this.text += unit;
      this.offsets.push(sourceStart);
      this.ends.push(sourceEnd);
    }
  }

  /** Where the decoded text of a word with no chars would sit, e.g. inside `''`. */
  openedQuoteAt(offset: number): void {
    if (this.text === '' && this.emptyTail === this.start) this.emptyTail = offset + 1;
  }

  finish(end: number): Word {
    const tail = this.ends.length ? this.ends[this.ends.length - 1] : this.emptyTail;
    return { text: this.text, span: { start: this.start, end }, offsets: [...this.offsets, tail], ends: this.ends };
  }
}

/** UTF-16 units: an astral char decoded from one escape still fills two text positions. */
function splitUnits(chars: string): string[] {
  const units: string[] = [];
  for (let i = 0; i < chars.length; i++) units.push(chars[i]);
  return units;
}

class ShellScanner {
  private pos = 0;
  private readonly tokens: ShellToken[] = [];
  private sawComment = false;
  private readonly comments: SourceComment[] = [];
  private sawHeredoc = false;
  private error: CommandLineError | null = null;
  private readonly pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  private heredocOperator: string | null = null;

  constructor(private readonly text: string) {}

  scan(): ShellScan {
    const { text } = this;
    while (this.pos < text.length && !this.error) {
      const c = text[this.pos];
      if (isBlank(c)) this.pos++;
      else if (this.continuationLength(this.pos) > 0) this.pos += this.continuationLength(this.pos);
      else if (c === '\n') this.newline();
      else if (c === '#') this.comment();
      else if (OPERATOR_CHARS.has(c)) this.operator();
      else this.word();
    }
    return { tokens: this.tokens, sawComment: this.sawComment, sawHeredoc: this.sawHeredoc, comments: this.comments, error: this.error };
  }

  /** `\` + newline (CRLF tolerated for pasted text) joins lines: it is removed entirely. */
  private continuationLength(at: number): number {
    if (this.text[at] !== '\\') return 0;
    if (this.text[at + 1] === '\n') return 2;
    if (this.text[at + 1] === '\r' && this.text[at + 2] === '\n') return 3;
    return 0;
  }

  private newline(): void {
    this.tokens.push({ kind: 'operator', op: '\n', offset: this.pos });
    this.pos++;
    this.skipHeredocBodies();
  }

  private comment(): void {
    this.sawComment = true;
    const newline = this.text.indexOf('\n', this.pos);
    const end = newline === -1 ? this.text.length : newline;
    this.comments.push({ span: { start: this.pos, end }, body: this.text.slice(this.pos + 1, end).replace(/\r$/, '') });
    this.pos = end;
  }

  private operator(): void {
    const op = OPERATORS.find((o) => this.text.startsWith(o, this.pos))!;
    const isRedirect = op.includes('<') || op.includes('>');
    this.tokens.push({ kind: isRedirect ? 'redirect' : 'operator', op, offset: this.pos });
    if (op === '<<' || op === '<<-') this.heredocOperator = op;
    this.pos += op.length;
  }

  private word(): void {
    const start = this.pos;
    const builder = new WordBuilder(start);
    while (this.pos < this.text.length && !this.error) {
      const c = this.text[this.pos];
      if (isBlank(c) || c === '\n' || OPERATOR_CHARS.has(c)) break;
      this.wordPart(builder, c);
    }
    const word = builder.finish(this.pos);
    // `2>file`: digits glued to a redirection are a file descriptor, not an argument.
    if (/^\d+$/.test(this.text.slice(start, this.pos)) && /[<>]/.test(this.text[this.pos] ?? '')) return;
    this.tokens.push({ kind: 'word', word });
    if (this.heredocOperator) {
      this.pendingHeredocs.push({ delimiter: word.text, stripTabs: this.heredocOperator === '<<-' });
      this.heredocOperator = null;
      this.sawHeredoc = true;
    }
  }

  private wordPart(builder: WordBuilder, c: string): void {
    const next = this.text[this.pos + 1];
    if (c === '\\') this.backslash(builder);
    else if (c === "'") this.singleQuoted(builder);
    else if (c === '"') this.doubleQuoted(builder);
    else if (c === '$' && next === "'") this.ansiCQuoted(builder);
    else if (c === '$' && next === '"') {
      // Bash locale translation `$"..."`: without a message catalog it is "...".
      this.pos++;
      this.doubleQuoted(builder);
    } else if ((c === '$' && (next === '(' || next === '{')) || c === '`') this.substitution(builder);
    else {
      builder.push(c, this.pos, this.pos + 1);
      this.pos++;
    }
  }

  private backslash(builder: WordBuilder): void {
    const skip = this.continuationLength(this.pos);
    if (skip) {
      this.pos += skip;
      return;
    }
    if (this.pos + 1 >= this.text.length) {
      // A lone trailing backslash stays literal, as in bash.
      builder.push('\\', this.pos, this.pos + 1);
      this.pos++;
      return;
    }
    builder.push(this.text[this.pos + 1], this.pos, this.pos + 2);
    this.pos += 2;
  }

  private singleQuoted(builder: WordBuilder): void {
    const open = this.pos;
    builder.openedQuoteAt(open);
    const close = this.text.indexOf("'", open + 1);
    const contentEnd = close === -1 ? this.text.length : close;
    for (let i = open + 1; i < contentEnd; i++) builder.push(this.text[i], i, i + 1);
    if (close === -1) this.fail('unterminated single quote', open);
    this.pos = close === -1 ? this.text.length : close + 1;
  }

  /** Inside double quotes a backslash escapes only `$`, backquote, `"`, `\` and newline. */
  private doubleQuoted(builder: WordBuilder): void {
    const open = this.pos;
    builder.openedQuoteAt(open);
    this.pos++;
    while (this.pos < this.text.length && !this.error) {
      const c = this.text[this.pos];
      const next = this.text[this.pos + 1];
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === '\\' && this.continuationLength(this.pos)) this.pos += this.continuationLength(this.pos);
      else if (c === '\\' && (next === '$' || next === '`' || next === '"' || next === '\\')) {
        builder.push(next, this.pos, this.pos + 2);
        this.pos += 2;
      } else if ((c === '$' && (next === '(' || next === '{')) || c === '`') this.substitution(builder);
      else {
        builder.push(c, this.pos, this.pos + 1);
        this.pos++;
      }
    }
    this.fail('unterminated double quote', open);
  }

  /** Bash `$'...'`: C-style escapes. Rare in qemu scripts but must not desynchronize quoting. */
  private ansiCQuoted(builder: WordBuilder): void {
    const open = this.pos;
    builder.openedQuoteAt(open + 1);
    this.pos += 2;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === "'") {
        this.pos++;
        return;
      }
      if (c === '\\' && this.pos + 1 < this.text.length) {
        const { chars, length } = decodeAnsiCEscape(this.text, this.pos);
        builder.push(chars, this.pos, this.pos + length);
        this.pos += length;
      } else {
        builder.push(c, this.pos, this.pos + 1);
        this.pos++;
      }
    }
    this.fail("unterminated $'...' quote", open);
  }

  /**
   * `$(...)`, `$((...))`, `${...}` and backquotes are not expanded: their
   * text is kept literally (a later stage may warn). They are scanned only to
   * find where they end, since they may contain blanks, quotes and `)`.
   */
  private substitution(builder: WordBuilder): void {
    const start = this.pos;
    const end = substitutionEnd(this.text, start);
    const contentEnd = end === -1 ? this.text.length : end;
    for (let i = start; i < contentEnd; i++) builder.push(this.text[i], i, i + 1);
    this.pos = contentEnd;
    if (end === -1) this.fail(substitutionError(this.text, start), start);
  }

  /** Here-document bodies are data, not commands (they often hold apostrophes). */
  private skipHeredocBodies(): void {
    while (this.pendingHeredocs.length) {
      const { delimiter, stripTabs } = this.pendingHeredocs.shift()!;
      while (this.pos < this.text.length) {
        const newline = this.text.indexOf('\n', this.pos);
        const lineEnd = newline === -1 ? this.text.length : newline;
        let line = this.text.slice(this.pos, lineEnd).replace(/\r$/, '');
        if (stripTabs) line = line.replace(/^\t+/, '');
        this.pos = newline === -1 ? this.text.length : newline + 1;
        if (line === delimiter) break;
      }
    }
  }

  private fail(message: string, offset: number): void {
    if (!this.error) this.error = { message, offset };
  }
}

function substitutionError(text: string, start: number): string {
  if (text[start] === '`') return 'unterminated backquote';
  return text[start + 1] === '{' ? 'unterminated ${...} expansion' : 'unterminated $(...) substitution';
}

/** Index just after the substitution starting at `start`, or -1 when it never closes. */
function substitutionEnd(text: string, start: number): number {
  if (text[start] === '`') {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return i + 1;
    }
    return -1;
  }
  const open = text[start + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'" && open === '(') {
      // Inside `${...}` a `'` is literal in many contexts; inside `$(...)` it quotes.
      const q = text.indexOf("'", i + 1);
      if (q === -1) return -1;
      i = q;
    } else if (c === '"') {
      const q = doubleQuoteEnd(text, i);
      if (q === -1) return -1;
      i = q;
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return -1;
}

/** Index of the `"` closing the one at `open` (backslash escapes skipped), or -1. */
function doubleQuoteEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const ANSI_C_SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** One escape inside `$'...'` starting at the backslash; unknown escapes stay literal as in bash. */
function decodeAnsiCEscape(text: string, at: number): { chars: string; length: number } {
  const kind = text[at + 1];
  if (kind in ANSI_C_SIMPLE) return { chars: ANSI_C_SIMPLE[kind], length: 2 };
  const numeric =
    kind === 'x' ? /^[0-9A-Fa-f]{1,2}/ : kind === 'u' ? /^[0-9A-Fa-f]{1,4}/ : kind === 'U' ? /^[0-9A-Fa-f]{1,8}/ : null;
  if (numeric) {
    const digits = numeric.exec(text.slice(at + 2, at + 10))?.[0];
    const code = digits ? parseInt(digits, 16) : NaN;
    if (digits && code <= 0x10ffff) return { chars: String.fromCodePoint(code), length: 2 + digits.length };
  }
  const octal = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4))?.[0];
  if (octal) return { chars: String.fromCharCode(parseInt(octal, 8) & 0xff), length: 1 + octal.length };
  return { chars: '\\' + kind, length: 2 };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
