import { wordSpan, type Word } from './command-line.js';
import type { Span } from './source.js';

export type OptionValue = string | number | boolean | null | object;

/**
 * One property of an option value. Duplicate keys are all kept, in order:
 * for key=value syntax QEMU applies them in order, so the last one wins
 * (QemuOpts appends and qemu_opt_find searches from the end). JSON with a
 * duplicate key is rejected, as QEMU's JSON parser does.
 */
export interface OptionProperty {
  /** For the implied first element (driver of -device, type of -machine): the implied key name. */
  readonly key: string;
  /** key=value syntax: always a string ('on'/'off' stay strings). JSON: typed; nested objects and arrays as parsed. */
  readonly value: OptionValue;
  /** Null for implied keys. For JSON, inside the quotes. */
  readonly keySpan: Span | null;
  /** Source span of the value; for JSON strings inside the quotes; for a bare flag, the flag itself. */
  readonly valueSpan: Span;
  /** The whole `key=value` / `"key":value` (for implied keys, the value). */
  readonly span: Span;
  /**
   * How it was written: `implied` first element, `pair` key=value, `flag`
   * bare key (QEMU's deprecated short form: `foo` is foo=on, `nofoo` is
   * foo=off), `json` a member of a JSON object.
   */
  readonly form: 'implied' | 'pair' | 'flag' | 'json';
}

export interface OptionParseError {
  readonly message: string;
  readonly span: Span;
}

export type OptionParse =
  | { ok: true; syntax: 'keyval' | 'json'; properties: readonly OptionProperty[] }
  | { ok: false; error: OptionParseError };

/** A -device value: JSON when it starts with `{` (QEMU checks exactly the first char), else keyval with implied key `driver`. */
export function parseDeviceOption(word: Word): OptionParse {
  return word.text.startsWith('{') ? parseJsonOption(word) : parseKeyvalOption(word, 'driver');
}

/**
 * QemuOpts key=value syntax (util/qemu-option.c, opts_do_parse) as used by
 * -device, -machine (implied `type`), -drive, -nic, -net, -global, -numa...
 * Elements are separated by `,`; `,,` inside a value is a literal comma. A
 * key ends at the first `=` or `,` and cannot contain `,,`. The syntax itself
 * cannot fail; unknown keys are for later stages.
 */
export function parseKeyvalOption(word: Word, impliedKey: string | null): OptionParse {
  const properties: OptionProperty[] = [];
  let pos = 0;
  let implied = impliedKey;
  while (pos < word.text.length) {
    const element = readKeyvalElement(word, pos, implied);
    if (element.property) properties.push(element.property);
    pos = element.next;
    // Only the very first element can be the implied one, as in QEMU.
    implied = null;
  }
  return { ok: true, syntax: 'keyval', properties };
}

/** QEMU's string view of a value; JSON objects and arrays are shown as JSON. */
export function propertyValueText(p: OptionProperty): string {
  if (p.value !== null && typeof p.value === 'object') return JSON.stringify(p.value);
  return String(p.value);
}

// ---------------------------------------------------------------------------
// key=value

interface KeyvalElement {
  readonly property: OptionProperty | null;
  /** Index in word.text just after the element and its separating comma. */
  readonly next: number;
}

function readKeyvalElement(word: Word, start: number, impliedKey: string | null): KeyvalElement {
  const text = word.text;
  const nameEnd = indexOfEither(text, start, '=', ',');
  let property: OptionProperty | null;
  let end: number;
  if (text[nameEnd] === '=') {
    const value = readKeyvalValue(text, nameEnd + 1);
    end = value.end;
    property = {
      key: text.slice(start, nameEnd),
      value: value.text,
      keySpan: wordSpan(word, start, nameEnd),
      valueSpan: wordSpan(word, nameEnd + 1, end),
      span: wordSpan(word, start, end),
      form: 'pair',
    };
  } else if (impliedKey !== null) {
    const value = readKeyvalValue(text, start);
    end = value.end;
    const span = wordSpan(word, start, end);
    property = end > start ? { key: impliedKey, value: value.text, keySpan: null, valueSpan: span, span, form: 'implied' } : null;
  } else {
    end = nameEnd;
    property = end > start ? flagProperty(word, start, end) : null;
  }
  return { property, next: text[end] === ',' ? end + 1 : end };
}

/** A bare `foo` means foo=on and `nofoo` means foo=off (QEMU strips the `no`). */
function flagProperty(word: Word, start: number, end: number): OptionProperty {
  const name = word.text.slice(start, end);
  const negated = name.startsWith('no');
  const span = wordSpan(word, start, end);
  return {
    key: negated ? name.slice(2) : name,
    value: negated ? 'off' : 'on',
    keySpan: span,
    valueSpan: span,
    span,
    form: 'flag',
  };
}

/** A value runs to the first `,` not doubled; `,,` decodes to `,`. */
function readKeyvalValue(text: string, start: number): { text: string; end: number } {
  let value = '';
  let i = start;
  while (i < text.length) {
    if (text[i] === ',') {
      if (text[i + 1] !== ',') break;
      value += ',';
      i += 2;
    } else {
      value += text[i];
      i++;
    }
  }
  return { text: value, end: i };
}

function indexOfEither(text: string, from: number, a: string, b: string): number {
  for (let i = from; i < text.length; i++) if (text[i] === a || text[i] === b) return i;
  return text.length;
}

// ---------------------------------------------------------------------------
// JSON
//
// A small hand-written parser rather than jsonc-parser: QEMU's JSON dialect
// (qobject/json-lexer.c, json-parser.c) accepts single-quoted strings and the
// `\'` escape, rejects duplicate keys and control characters, and we need
// exact token spans for every error. Matching that on top of a general JSONC
// parser would take as much code as this, plus a dependency in a no-I/O core.

function parseJsonOption(word: Word): OptionParse {
  try {
    const reader = new JsonReader(word.text);
    const root = reader.document();
    if (!root.members) throw new JsonSyntaxError('the JSON value must be an object', root.start, root.end);
    return { ok: true, syntax: 'json', properties: root.members.map((m) => jsonProperty(word, m)) };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { ok: false, error: { message: e.message, span: wordSpan(word, e.start, e.end) } };
  }
}

function jsonProperty(word: Word, member: JsonMember): OptionProperty {
  return {
    key: member.key.value as string,
    value: member.value.value,
    keySpan: wordSpan(word, member.key.contentStart, member.key.contentEnd),
    valueSpan: wordSpan(word, member.value.contentStart, member.value.contentEnd),
    span: wordSpan(word, member.key.start, member.value.end),
    form: 'json',
  };
}

/** Positions are indices into the decoded word text. */
interface JsonNode {
  readonly value: OptionValue;
  readonly start: number;
  readonly end: number;
  /** Inside the quotes for strings; the whole node otherwise. */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** Present for objects only. */
  readonly members?: readonly JsonMember[];
}

interface JsonMember {
  readonly key: JsonNode;
  readonly value: JsonNode;
}

class JsonSyntaxError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

/** QEMU's parser limits nesting too; this also keeps recursion off the stack limit. */
const MAX_JSON_DEPTH = 1000;

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

const JSON_SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

class JsonReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): JsonNode {
    const root = this.value(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON object', this.pos, this.text.length);
    return root;
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) this.fail('JSON nested too deeply', this.pos, this.pos + 1);
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('unexpected end of JSON input: expected a value', this.pos, this.pos);
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (/[A-Za-z]/.test(c)) return this.keyword();
    return this.fail(`unexpected character '${c}' in JSON`, this.pos, this.pos + 1);
  }

  private object(depth: number): JsonNode {
    const start = this.pos++;
    const members: JsonMember[] = [];
    const seen = new Set<string>();
    const result: Record<string, OptionValue> = {};
    this.skipWhitespace();
    if (this.text[this.pos] === '}') return this.closeObject(start, members, result);
    for (;;) {
      const key = this.memberKey();
      this.expectChar(':', "expected ':' after the key");
      const value = this.value(depth + 1);
      const name = key.value as string;
      if (seen.has(name)) this.fail(`duplicate key '${name}' in JSON object`, key.start, key.end);
      seen.add(name);
      // defineProperty: a "__proto__" key must be data, not a prototype change.
      Object.defineProperty(result, name, { value: value.value, enumerable: true, writable: true, configurable: true });
      members.push({ key, value });
      this.skipWhitespace();
      const separator = this.text[this.pos];
      if (separator === '}') return this.closeObject(start, members, result);
      if (separator !== ',') this.unexpected("expected ',' or '}' in JSON object");
      const comma = this.pos++;
      this.skipWhitespace();
      if (this.text[this.pos] === '}') this.fail('trailing comma in JSON object', comma, comma + 1);
    }
  }

  private closeObject(start: number, members: JsonMember[], value: Record<string, OptionValue>): JsonNode {
    const end = ++this.pos;
    return { value, start, end, contentStart: start, contentEnd: end, members };
  }

  private memberKey(): JsonNode {
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c !== '"' && c !== "'") this.unexpected('expected a string key in JSON object');
    return this.string();
  }

  private array(depth: number): JsonNode {
    const start = this.pos++;
    const items: OptionValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] !== ']') {
      for (;;) {
        items.push(this.value(depth + 1).value);
        this.skipWhitespace();
        const separator = this.text[this.pos];
        if (separator === ']') break;
        if (separator !== ',') this.unexpected("expected ',' or ']' in JSON array");
        const comma = this.pos++;
        this.skipWhitespace();
        if (this.text[this.pos] === ']') this.fail('trailing comma in JSON array', comma, comma + 1);
      }
    }
    const end = ++this.pos;
    return { value: items, start, end, contentStart: start, contentEnd: end };
  }

  /** Double- or single-quoted (QEMU extension); `\'` is accepted in both. */
  private string(): JsonNode {
    const start = this.pos;
    const quote = this.text[start];
    let value = '';
    let i = start + 1;
    for (;;) {
      const c = this.text[i];
      if (c === undefined) this.fail('unterminated string in JSON', start, this.text.length);
      if (c === quote) break;
      if (c === '\\') {
        const escape = this.escape(i);
        value += escape.chars;
        i += escape.length;
        continue;
      }
      if (c < ' ') this.fail('control character in JSON string', i, i + 1);
      value += c;
      i++;
    }
    this.pos = i + 1;
    return { value, start, end: i + 1, contentStart: start + 1, contentEnd: i };
  }

  private escape(at: number): { chars: string; length: number } {
    const kind = this.text[at + 1];
    if (kind !== undefined && kind in JSON_SIMPLE_ESCAPES) return { chars: JSON_SIMPLE_ESCAPES[kind], length: 2 };
    if (kind !== 'u') return this.fail('invalid escape sequence in JSON string', at, Math.min(at + 2, this.text.length));
    const high = this.hex4(at);
    if (high >= 0xdc00 && high <= 0xdfff) this.fail('invalid Unicode escape in JSON string', at, at + 6);
    if (high < 0xd800 || high > 0xdbff) return { chars: String.fromCharCode(high), length: 6 };
    // A high surrogate must be followed by an escaped low surrogate, as QEMU requires.
    const low = this.text.startsWith('\\u', at + 6) ? this.hex4(at + 6) : -1;
    if (low < 0xdc00 || low > 0xdfff) this.fail('invalid Unicode escape in JSON string', at, at + 6);
    return { chars: String.fromCharCode(high, low), length: 12 };
  }

  private hex4(at: number): number {
    const digits = this.text.slice(at + 2, at + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(digits)) this.fail('invalid \\u escape in JSON string', at, Math.min(at + 6, this.text.length));
    return parseInt(digits, 16);
  }

  /**
   * Integers beyond 2^53 lose precision as JS numbers; the exact digits stay
   * available through valueSpan.
   */
  private number(): JsonNode {
    const start = this.pos;
    JSON_NUMBER.lastIndex = start;
    const match = JSON_NUMBER.exec(this.text);
    const end = match ? start + match[0].length : start;
    // `01`, `1x`, `-` or `1.` is one bad token, reported whole.
    const runEnd = this.tokenRunEnd(start);
    if (!match || runEnd > end) this.fail(`invalid number '${this.text.slice(start, runEnd)}' in JSON`, start, runEnd);
    this.pos = end;
    return { value: Number(match![0]), start, end, contentStart: start, contentEnd: end };
  }

  private keyword(): JsonNode {
    const start = this.pos;
    const end = this.tokenRunEnd(start);
    const word = this.text.slice(start, end);
    const known: Record<string, OptionValue> = { true: true, false: false, null: null };
    if (!Object.hasOwn(known, word)) this.fail(`invalid keyword '${word}' in JSON`, start, end);
    this.pos = end;
    return { value: known[word], start, end, contentStart: start, contentEnd: end };
  }

  /** End of a run of chars that could belong to one number or keyword token. */
  private tokenRunEnd(start: number): number {
    let i = start;
    while (i < this.text.length && /[A-Za-z0-9_.+-]/.test(this.text[i])) i++;
    return Math.max(i, start + 1);
  }

  private expectChar(expected: string, message: string): void {
    this.skipWhitespace();
    if (this.text[this.pos] !== expected) this.unexpected(message);
    this.pos++;
  }

  /** Fails at the current token, or at the end when the input ran out. */
  private unexpected(message: string): never {
    if (this.pos >= this.text.length) return this.fail(`unexpected end of JSON input: ${message}`, this.pos, this.pos);
    const c = this.text[this.pos];
    const end = /[A-Za-z0-9_.+-]/.test(c) ? this.tokenRunEnd(this.pos) : this.pos + 1;
    return this.fail(message, this.pos, end);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos])) this.pos++;
  }

  private fail(message: string, start: number, end: number): never {
    throw new JsonSyntaxError(message, start, end);
  }
}
