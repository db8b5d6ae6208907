import { parseArgs } from 'node:util';
import { BUILTIN_FORMAT_NAMES } from '@pcilint/formatters';
import { CliError } from './errors.js';
import { DEFAULT_MAX_FILE_SIZE } from './read-source.js';
import { SUPPRESSION_OPTIONS, SUPPRESSION_USAGE, suppressionOptions, type SuppressionCliOptions } from './suppression-args.js';

/** A built-in format, a formatter package's short name, or a path; resolved by @pcilint/formatters. */
export type FormatName = string;
export type FixType = 'problem' | 'suggestion' | 'layout';
export const FIX_TYPES: readonly FixType[] = ['problem', 'suggestion', 'layout'];
/** The built-in formats. */
export const FORMATS: readonly FormatName[] = BUILTIN_FORMAT_NAMES;

/** The command line, parsed and checked; nothing here touches the file system. */
export interface CliOptions extends SuppressionCliOptions {
  readonly patterns: readonly string[];
  readonly config: string | undefined;
  readonly configLookup: boolean;
  /** Raw `--rule` values, in order. */
  readonly rules: readonly string[];
  readonly format: FormatName;
  /** --output-file: write the report here instead of standard output. */
  readonly outputFile: string | undefined;
  /** `true` for --color, `false` for --no-color, `undefined` to detect. */
  readonly color: boolean | undefined;
  readonly quiet: boolean;
  /** -1 means no limit, as in ESLint. */
  readonly maxWarnings: number;
  /** --stats: time per stage and per rule (stderr table; `stats` in each json result). */
  readonly stats: boolean;
  /** false for --no-warn-ignored: a named file that .pcilintignore excludes is dropped silently. */
  readonly warnIgnored: boolean;
  readonly stdin: boolean;
  readonly stdinFilename: string | undefined;
  /** Bytes; larger files are refused unread. */
  readonly maxFileSize: number;
  readonly printConfig: string | undefined;
  readonly listRules: boolean;
  readonly ignore: boolean;
  readonly errorOnUnmatchedPattern: boolean;
  /** --fix: write fixed files. */
  readonly fix: boolean;
  /** --fix-dry-run: compute fixes, write nothing. */
  readonly fixDryRun: boolean;
  /** --fix-type: only fixes of rules of these types; undefined for all. */
  readonly fixTypes: readonly FixType[] | undefined;
  /** --cache: reuse results of unchanged files. */
  readonly cache: boolean;
  readonly cacheLocation: string;
  readonly cacheStrategy: 'content' | 'metadata';
  /** --shard i/n: lint only the i-th of n deterministic shares of the files. */
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  /** --concurrency: worker threads; auto uses them only for runs large enough to gain. */
  readonly concurrency: 'auto' | 'off' | number;
  /** --host-facts sysfs|FILE: host devices and QEMU capabilities of the hypervisor. */
  readonly hostFacts: string | undefined;
  readonly help: boolean;
  readonly version: boolean;
}

export const USAGE = `Usage: pcilint [options] <file|dir|glob>...
       pcilint topology [--format tree|json|dot|svg] <file|dir|glob>...
       pcilint host-facts > host-facts.json
       pcilint explain [--format json] <rule-id>...

Lint the PCI/PCIe topology of libvirt domain XML files and QEMU command
lines (.args files, shell scripts, /proc/PID/cmdline, ps output; the input
language is detected from the content). Directories are searched for
**/*.xml and **/*.args; files ignored by .gitignore are skipped unless named
explicitly. With no file arguments the current directory is linted.

pcilint topology prints the layout libvirt 9.0 will give each guest: buses,
slots and functions, the addresses and controllers libvirt will add (marked
predicted), and the free hotplug-capable slots by class; as a text tree,
JSON, Graphviz source or SVG. See pcilint topology --help.

pcilint explain prints a rule's meta (description, severities, fixability,
options schema) and its docs page, read from the installed rule pack.

Configuration:
  -c, --config FILE                 Use this configuration file instead of searching
                                    for .pcilintrc*, pcilint.config.{js,mjs} or the
                                    "pcilint" key of package.json
  --no-config-lookup                Do not search for configuration files
  --rule 'ID: SETTING'              Set a rule's severity and options; repeatable.
                                    e.g. --rule 'common/x: off'
                                         --rule 'q35/y: [warn, {"n": 2}]'

Input:
  --stdin                           Lint XML read from standard input
  --stdin-filename NAME             Path reported for --stdin; configuration lookup
                                    starts from its directory
  --no-ignore                       Also lint files excluded by .gitignore and
                                    .pcilintignore
  --no-warn-ignored                 Do not warn about a named file that
                                    .pcilintignore excludes (it is skipped either way)
  --no-error-on-unmatched-pattern   Do not fail when a pattern matches no file
  --max-file-size SIZE              Refuse larger files (default 10M, virsh's own
                                    limit); bytes, or with a K, M or G suffix

Output:
  -f, --format NAME                 Output format: stylish (default), json,
                                    json-with-metadata, sarif, junit, checkstyle,
                                    compact, unix, github, gitlab, html (one page:
                                    each guest's topology picture beside its
                                    findings); or a package
                                    pcilint-formatter-NAME or eslint-formatter-NAME,
                                    or a path to a formatter module
  -o, --output-file PATH            Write the report to PATH (directories created)
  --color, --no-color               Force or disable colours (default: on for a
                                    terminal; FORCE_COLOR and NO_COLOR are honoured)
  --quiet                           Report errors only, not warnings
  --max-warnings N                  Exit with status 1 when there are more than N
                                    warnings
  --stats                           Print the time spent per stage (parse, graph,
                                    placement, rules, fix) and per rule after the
                                    report, on stderr (json: a "stats" field in each
                                    result)

Fixing:
  --fix                             Fix what can be fixed safely and write the files
                                    (atomically; a file changed since it was read is
                                    skipped); the report lists what remains
  --fix-dry-run                     Compute the fixes but write nothing: stylish shows
                                    a unified diff per file, json an "output" field
  --fix-type TYPE[,TYPE]            Only fixes of these rule types: problem,
                                    suggestion, layout

Speed:
  --cache                           Reuse the results of files unchanged since the last
                                    run (same content, configuration and version)
  --cache-location PATH             Cache file (default .pcilintcache)
  --cache-strategy content|metadata Compare files by content hash (default) or by
                                    size and modification time
  --concurrency auto|off|N          Lint on N worker threads (auto: one per core for
                                    runs of 400 files or more); output order is the
                                    same either way
  --shard I/N                       Lint only the I-th of N shares of the files
                                    (1-based; the same file always lands in the same
                                    share), for a CI matrix of N jobs

Host facts (what libvirt reads from the hypervisor):
  --host-facts sysfs|FILE           Read /sys/bus/pci/devices and libvirt's QEMU
                                    capability cache here (sysfs), or a snapshot
                                    written on the hypervisor by pcilint host-facts;
                                    replaces settings.hostdevs and sets settings.caps

${SUPPRESSION_USAGE}
Miscellaneous:
  --print-config FILE               Print the configuration used for FILE as JSON
  --list-rules                      List the rules of the loaded packs (then
                                    pcilint explain RULE for one rule's page)
  -h, --help                        Show this help
  -v, --version                     Show the version

Exit status: 0 no errors, 1 errors found (or too many warnings),
2 bad usage, bad configuration, a file that could not be read, a fix
that could not be written, or an internal error.
Set PCILINT_DEBUG=1 to print stack traces.
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'config-lookup': { type: 'boolean', default: true },
  rule: { type: 'string', multiple: true, default: [] as string[] },
  format: { type: 'string', short: 'f', default: 'stylish' },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  quiet: { type: 'boolean', default: false },
  'max-warnings': { type: 'string' },
  stats: { type: 'boolean', default: false },
  'warn-ignored': { type: 'boolean', default: true },
  stdin: { type: 'boolean', default: false },
  'stdin-filename': { type: 'string' },
  'max-file-size': { type: 'string' },
  'print-config': { type: 'string' },
  'list-rules': { type: 'boolean', default: false },
  ignore: { type: 'boolean', default: true },
  'error-on-unmatched-pattern': { type: 'boolean', default: true },
  fix: { type: 'boolean', default: false },
  'fix-dry-run': { type: 'boolean', default: false },
  'fix-type': { type: 'string', multiple: true },
  cache: { type: 'boolean', default: false },
  'cache-location': { type: 'string', default: '.pcilintcache' },
  'cache-strategy': { type: 'string', default: 'content' },
  shard: { type: 'string' },
  concurrency: { type: 'string', default: 'auto' },
  'host-facts': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  ...SUPPRESSION_OPTIONS,
} as const;

/** Parses argv (without the node and script paths). Throws CliError on misuse. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new CliError(describeParseError(error), { usageHint: true });
  }
  const { values, positionals } = parsed;

  // Any name may be a formatter package or a path: the report resolves it (and names the built-ins when it cannot).
  const format = values.format;
  if (format.trim() === '') throw new CliError(`option "--format" needs a value; built-in formats: ${FORMATS.join(', ')}`, { usageHint: true });

  return {
    patterns: positionals,
    config: values.config,
    configLookup: values['config-lookup'],
    rules: values.rule,
    format,
    outputFile: values['output-file'],
    color: values.color,
    quiet: values.quiet,
    maxWarnings: parseMaxWarnings(values['max-warnings']),
    stats: values.stats,
    warnIgnored: values['warn-ignored'],
    stdin: values.stdin,
    stdinFilename: values['stdin-filename'],
    maxFileSize: parseFileSize(values['max-file-size']),
    printConfig: values['print-config'],
    listRules: values['list-rules'],
    ignore: values.ignore,
    errorOnUnmatchedPattern: values['error-on-unmatched-pattern'],
    fix: values.fix,
    fixDryRun: values['fix-dry-run'],
    fixTypes: parseFixTypes(values['fix-type'], values.fix || values['fix-dry-run']),
    cache: values.cache,
    cacheLocation: values['cache-location'],
    cacheStrategy: parseCacheStrategy(values['cache-strategy']),
    shard: parseShard(values.shard),
    concurrency: parseConcurrency(values.concurrency),
    hostFacts: values['host-facts'],
    help: values.help,
    version: values.version,
    ...suppressionOptions(values),
  };
}

function parseFixTypes(raw: readonly string[] | undefined, fixing: boolean): readonly FixType[] | undefined {
  if (raw === undefined) return undefined;
  if (!fixing) throw new CliError('--fix-type needs --fix or --fix-dry-run', { usageHint: true });
  const types = raw.flatMap((r) => r.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  for (const t of types) {
    if (!(FIX_TYPES as readonly string[]).includes(t)) {
      throw new CliError(`unknown fix type "${t}"; expected one of: ${FIX_TYPES.join(', ')}`, { usageHint: true });
    }
  }
  return types as FixType[];
}

function parseCacheStrategy(raw: string): 'content' | 'metadata' {
  if (raw === 'content' || raw === 'metadata') return raw;
  throw new CliError(`unknown cache strategy "${raw}"; expected content or metadata`, { usageHint: true });
}

function parseConcurrency(raw: string): CliOptions['concurrency'] {
  if (raw === 'auto' || raw === 'off') return raw;
  if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 256) return Number(raw);
  throw new CliError(`--concurrency expects auto, off or a number of threads from 1 to 256, not "${raw}"`, { usageHint: true });
}

function parseShard(raw: string | undefined): CliOptions['shard'] {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 10_000 || index < 1 || index > count) {
    throw new CliError(`--shard expects I/N with 1 <= I <= N (e.g. 2/4), not "${raw}"`, { usageHint: true });
  }
  return { index, count };
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function parseFileSize(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MAX_FILE_SIZE;
  const m = /^\s*(\d{1,12})\s*([kmg]?)i?b?\s*$/i.exec(raw);
  const bytes = m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : NaN;
  // V8 strings stop near 512 Mi characters; half that keeps one file's analysis within a machine's memory.
  if (!m || bytes < 1 || bytes > 256 * 1024 ** 2) {
    throw new CliError(`--max-file-size expects a size from 1 byte to 256M (e.g. 10M, 512K), not "${raw}"`, { usageHint: true });
  }
  return bytes;
}

function parseMaxWarnings(raw: string | undefined): number {
  if (raw === undefined) return -1;
  if (!/^-?\d+$/.test(raw.trim()) || Number(raw) < -1) {
    throw new CliError(`--max-warnings expects a whole number (or -1 for no limit), not "${raw}"`, { usageHint: true });
  }
  return Number(raw);
}

/** Node's parseArgs messages carry advice about `--`; keep the first sentence. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    return option ? `unknown option "${option}"` : message;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // e.g. "Option '-f, --format <value>' argument missing"
    const option = /'(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
    if (/argument missing/.test(message) && option) return `option "${option}" needs a value`;
    if (/does not take an argument/.test(message) && option) return `option "${option}" does not take a value`;
  }
  return message;
}
