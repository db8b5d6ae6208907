import { parseArgs } from 'node:util';
import { parseCliArgs, type CliOptions } from '../args.js';
import { CliError } from '../errors.js';

export type TopologyFormat = 'tree' | 'json' | 'dot' | 'svg';
export const TOPOLOGY_FORMATS: readonly TopologyFormat[] = ['tree', 'json', 'dot', 'svg'];

/** `pcilint topology ...`, parsed: the picture's format and the lint options it shares. */
export interface TopologyOptions {
  readonly format: TopologyFormat;
  /** Input, configuration and colour, as for linting (the other fields keep their defaults). */
  readonly cli: CliOptions;
  readonly help: boolean;
}

export const TOPOLOGY_USAGE = `Usage: pcilint topology [options] <file|dir|glob>...

Draw the PCI topology libvirt 9.0 will give each guest: root buses, the
controllers on them, slots and functions, the devices, the functions the
machine itself provides (host bridge, PIIX3, LPC), the free hotplug-capable
slots, and what libvirt will add or choose (marked predicted, drawn dashed).
The file is linted too: devices and functions with findings are marked.

Options:
  -f, --format NAME                 tree (default): text, one line per function
                                    json: the layout and the findings as data
                                    dot: Graphviz source
                                    svg: the picture (one file per run)
  -c, --config FILE                 Use this configuration file (QEMU capabilities
                                    and rules, as for linting)
  --no-config-lookup                Do not search for configuration files
  --rule 'ID: SETTING'              Set a rule's severity and options; repeatable
  --host-facts sysfs|FILE           Host devices and QEMU capabilities, as for linting
  --stdin                           Read the guest from standard input
  --stdin-filename NAME             Path reported for --stdin
  --no-ignore                       Also read files excluded by .gitignore
  --no-error-on-unmatched-pattern   Do not fail when a pattern matches no file
  --color, --no-color               Force or disable colours in the tree
  -h, --help                        Show this help

Exit status: 0 every guest can be defined, 1 libvirt or QEMU would refuse a
guest or a file does not parse, 2 bad usage or unreadable file.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'tree' },
  config: { type: 'string', short: 'c' },
  'config-lookup': { type: 'boolean', default: true },
  rule: { type: 'string', multiple: true, default: [] as string[] },
  'host-facts': { type: 'string' },
  stdin: { type: 'boolean', default: false },
  'stdin-filename': { type: 'string' },
  ignore: { type: 'boolean', default: true },
  'error-on-unmatched-pattern': { type: 'boolean', default: true },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const usageError = (message: string) => new CliError(`${message}\nRun "pcilint topology --help" for usage.`);

/** Parses the arguments after `topology`. Throws CliError on misuse. */
export function parseTopologyArgs(argv: readonly string[]): TopologyOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw usageError(`topology: ${firstSentence(error)}`);
  }
  const { values, positionals } = parsed;
  if (!(TOPOLOGY_FORMATS as readonly string[]).includes(values.format)) {
    throw usageError(`topology: unknown format "${values.format}"; expected one of: ${TOPOLOGY_FORMATS.join(', ')}`);
  }
  const format = values.format as TopologyFormat;
  if (values.help) return { format, cli: parseCliArgs([]), help: true };
  if (positionals.length === 0 && !values.stdin) throw usageError('topology needs at least one file');
  if (format === 'svg' && (positionals.length > 1 || (positionals.length > 0 && values.stdin))) {
    throw usageError('topology --format svg draws one guest: give one file (pcilint --format html draws several)');
  }
  // The lint options topology does not set keep the defaults linting has.
  const cli: CliOptions = {
    ...parseCliArgs([]),
    patterns: positionals,
    config: values.config,
    configLookup: values['config-lookup'],
    rules: values.rule,
    hostFacts: values['host-facts'],
    stdin: values.stdin,
    stdinFilename: values['stdin-filename'],
    ignore: values.ignore,
    errorOnUnmatchedPattern: values['error-on-unmatched-pattern'],
    color: values.color,
  };
  return { format, cli, help: false };
}

/** Node's parseArgs messages carry advice about `--`; the first sentence is the point. */
function firstSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1];
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option "${option}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /argument missing/.test(message)) return `option "${option}" needs a value`;
  return message.split('. ')[0];
}
