import path from 'node:path';
import type { CliOptions } from '../args.js';
import { cliConfigLayers, configsFor } from '../cli-configs.js';
import { colorLevel, createChalk } from '../color.js';
import { formatTopology } from '../formatters/topology.js';
import { topologyDot } from '../formatters/topology-dot.js';
import { renderSvg } from '../formatters/topology-svg.js';
import { CliError } from '../errors.js';
import { readInput, type FileJob } from '../lint-file.js';
import type { MainIo } from '../main.js';
import { parseTopologyArgs, TOPOLOGY_USAGE } from './args.js';
import { lintAndPicture, type TopologyPicture } from './picture.js';
import { topologyJson } from './json.js';

/** Finds the inputs as linting does (patterns, --stdin, .gitignore): main's, handed in. */
export type CollectInputs = (options: CliOptions) => Promise<FileJob[]>;

/**
 * `pcilint topology ...` (argv after the word `topology`): lints each guest
 * and draws the layout libvirt 9.0 will give it. Exit 1 when libvirt or QEMU
 * would refuse a guest or a file does not parse.
 */
export async function topologyCommand(argv: readonly string[], io: MainIo, collectInputs: CollectInputs): Promise<number> {
  const options = parseTopologyArgs(argv);
  if (options.help) {
    io.stdout.write(TOPOLOGY_USAGE);
    return 0;
  }
  const { cli, format } = options;
  const inputs = await collectInputs(cli);
  const configs = configsFor(cli, io.cwd, cliConfigLayers(cli, io.cwd));
  const chalk = await createChalk(colorLevel(cli.color, io.env, io.stdout));
  const pictures: TopologyPicture[] = [];
  let status = 0;
  for (const input of inputs) {
    if (input.refused) throw new CliError(`${input.filePath}:${input.refused.line}:${input.refused.column}: ${input.refused.message}`);
    const text = input.text ?? readInput(input.filePath, cli.maxFileSize);
    const { resolved } = await configs.forFile(input);
    const drawn = lintAndPicture(input.filePath, text, resolved);
    if (drawn.kind === 'syntax-error') {
      io.stderr.write(`pcilint: ${input.filePath}:${drawn.line}:${drawn.column}: ${drawn.message}\n`);
      status = 1;
      continue;
    }
    if (drawn.kind === 'skipped') {
      io.stderr.write(`pcilint: ${input.filePath}: skipped (${drawn.reason})\n`);
      continue;
    }
    if (drawn.picture.document.error) status = 1;
    pictures.push(drawn.picture);
  }
  const title = (p: TopologyPicture) => displayPath(io.cwd, p.filePath);
  if (format === 'json') {
    const docs = pictures.map(topologyJson);
    io.stdout.write(`${JSON.stringify(docs.length === 1 && cli.patterns.length <= 1 ? docs[0] : docs, null, 2)}\n`);
  } else if (format === 'dot') {
    io.stdout.write(pictures.map((p) => topologyDot(p, { title: title(p) })).join('\n'));
  } else if (format === 'svg') {
    for (const p of pictures) io.stdout.write(await renderSvg(topologyDot(p, { title: title(p) })));
  } else if (pictures.length > 0) {
    io.stdout.write(`${pictures.map((p) => formatTopology(p, chalk)).join('\n\n')}\n`);
  }
  return status;
}

/** A path as the user sees it: relative to the working directory when inside it. */
export function displayPath(cwd: string, file: string): string {
  return file.startsWith(cwd + path.sep) ? file.slice(cwd.length + 1) : file;
}
