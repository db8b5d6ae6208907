import path from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '@pcilint/core';
import { hex2, pictureWithFindings, type FindingInput, type GuestPicture, type PictureFinding, type TopologyPicture } from '../topology/picture.js';
import { legendDot, topologyDot } from './topology-dot.js';
import { inlineSvg, renderSvg } from './topology-svg.js';

/**
 * What the report reads of a result: the CLI's FileResult and a formatter's
 * ESLint-shaped result both have it (messages with or without `range`).
 */
export interface HtmlResult {
  readonly filePath: string;
  readonly messages: readonly FindingInput[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly source?: string;
  readonly output?: string;
  readonly skipped?: string;
}

export interface HtmlContext {
  /** Paths are shown relative to it. */
  readonly cwd: string;
  /**
   * The settings a file was linted with (QEMU capabilities and host devices
   * change the placement drawn); the default settings without it. A result
   * without its source is listed without a picture.
   */
  readonly settingsFor?: (filePath: string) => Settings | Promise<Settings>;
}

/**
 * `pcilint --format html`: one self-contained page (inline SVG and CSS, no
 * script, nothing fetched), one section per guest with its topology picture
 * and its findings beside it. A row of the picture with findings links to
 * the first of them in the list; each finding says what it points at.
 * ESLint's formatter shape: (results, context) => Promise<string>.
 */
export async function formatHtml(results: readonly HtmlResult[], context: HtmlContext): Promise<string> {
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const sections: string[] = [];
  for (const [i, result] of results.entries()) sections.push(await guestSection(result, await pictureFor(result, context), `g${i + 1}-`, context.cwd));
  const nav = results.map((r, i) => `<li><a href="#g${i + 1}">${esc(shown(context.cwd, r.filePath))}</a> ${counts(r)}</li>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pcilint report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>pcilint report</h1>
<p class="summary">${problems(errors + warnings)} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(results.length, 'file')}</p>
<nav><ul>
${nav}
</ul></nav>
<details class="legend" open><summary>How to read the pictures</summary><div class="legend-body">${inlineSvg(await renderSvg(legendDot()))}<p>Each bus is a box listing its slots top-down, one row per PCI function; a controller's row is joined to the bus it provides. A marked row links to its finding; hovering a row shows its address and the findings' messages.</p></div></details>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

async function pictureFor(result: HtmlResult, context: HtmlContext): Promise<GuestPicture | undefined> {
  // After --fix the findings are those of the fixed text.
  const text = result.output ?? result.source;
  if (result.skipped !== undefined || text === undefined) return undefined;
  const settings = (await context.settingsFor?.(result.filePath)) ?? DEFAULT_SETTINGS;
  return pictureWithFindings(result.filePath, text, settings, result.messages);
}

async function guestSection(result: HtmlResult, drawn: GuestPicture | undefined, prefix: string, cwd: string): Promise<string> {
  const id = prefix.slice(0, -1);
  const name = shown(cwd, result.filePath);
  const head = `<h2><span class="file">${esc(name)}</span> ${counts(result)}</h2>`;
  let figure: string;
  let where: (f: PictureFinding) => string = () => '';
  if (result.skipped !== undefined) figure = `<p class="not-drawn">Not linted: ${esc(result.skipped)}</p>`;
  else if (!drawn || drawn.kind === 'skipped') figure = `<p class="not-drawn">No picture${drawn ? `: ${esc(drawn.reason)}` : ''}</p>`;
  else if (drawn.kind === 'syntax-error') figure = `<p class="not-drawn">No picture: the file does not parse (${drawn.line}:${drawn.column} ${esc(drawn.message)})</p>`;
  else {
    const picture = drawn.picture;
    const svg = await renderSvg(topologyDot(picture, { idPrefix: prefix, legend: false, findingHref: (f) => `#${prefix}finding-${f.number}` }));
    figure = `<figure class="picture">${inlineSvg(svg)}<figcaption>${caption(picture)}</figcaption></figure>`;
    where = (f) => pointsAt(picture, f);
  }
  const pictureFindings = drawn?.kind === 'picture' ? drawn.picture.findings : null;
  const items = result.messages.map((m, i) => {
    const f = pictureFindings?.[i];
    const severity = m.severity === 2 ? 'error' : 'warning';
    const at = f ? where(f) : '';
    return `<li class="finding ${severity}" id="${prefix}finding-${i + 1}"><span class="number">[${i + 1}]</span> <span class="severity">${severity}</span> <span class="position">${m.line}:${m.column}</span> <span class="message">${esc(m.message)}</span> <code class="rule">${esc(m.ruleId ?? 'pcilint')}</code>${at ? `<div class="where">${at}</div>` : ''}</li>`;
  });
  const findings = items.length ? `<ol class="findings">${items.join('\n')}</ol>` : '<p class="clean">No problems found.</p>';
  return `<section class="guest" id="${id}" data-errors="${result.errorCount}" data-warnings="${result.warningCount}">
${head}
<div class="columns">
${figure}
<div class="findings-column"><h3>Findings</h3>
${findings}
</div>
</div>
</section>`;
}

/** What a finding points at, as the picture draws it. */
function pointsAt(picture: TopologyPicture, f: PictureFinding): string {
  const rows = picture.buses.flatMap((b) => b.functions).filter((fn) => fn.findings.includes(f));
  const buses = picture.buses.filter((b) => b.root && b.findings.includes(f));
  const names = [
    ...buses.map((b) => `bus ${b.index} (${b.model})`),
    ...rows.map((fn) => `${hex2(fn.address.bus)}:${hex2(fn.address.slot)}.${fn.address.function} ${fn.label}${fn.kind === 'chipset' ? (fn.reserved ? ' (reserved)' : ' (built in)') : ''}`),
  ];
  return names.length ? `points at ${names.map(esc).join('; ')}` : 'points at the guest as a whole';
}

function caption(picture: TopologyPicture): string {
  const doc = picture.document;
  if (doc.error) return 'libvirt or QEMU would refuse this guest: no free hotplug-capable slots are shown.';
  const ports = doc.free.pciePorts.length;
  const slots = doc.free.conventionalSlots.reduce((n, b) => n + b.slots.length, 0);
  const added = doc.added.length ? `; libvirt will add ${plural(doc.added.length, 'controller')}` : '';
  return `Free hotplug-capable: ${plural(ports, 'PCIe port')}, ${plural(slots, 'conventional PCI slot')}${added}.`;
}

function counts(r: HtmlResult): string {
  if (r.skipped !== undefined) return '<span class="counts skipped">skipped</span>';
  const cls = r.errorCount ? 'has-errors' : r.warningCount ? 'has-warnings' : 'clean';
  return `<span class="counts ${cls}">${plural(r.errorCount, 'error')}, ${plural(r.warningCount, 'warning')}</span>`;
}

const shown = (cwd: string, file: string) => (file.startsWith(cwd + path.sep) ? file.slice(cwd.length + 1) : file);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const problems = (n: number) => plural(n, 'problem');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
:root { --ink: #263238; --muted: #546e7a; --error: #c62828; --warning: #e65100; --ok: #2e7d32; --line: #cfd8dc; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafbfc; }
header { padding: 1rem 1.5rem; background: white; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 .25rem; font-size: 1.4rem; }
.summary { margin: 0 0 .5rem; }
nav ul { margin: 0; padding-left: 1.2rem; columns: 2 24rem; }
main { padding: 1rem 1.5rem; }
.guest { background: white; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1.5rem; }
.guest h2 { margin: 0 0 .75rem; font-size: 1.1rem; }
.file { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.counts { font-size: .85rem; font-weight: normal; padding: .1rem .5rem; border-radius: 1rem; background: #eceff1; white-space: nowrap; }
.counts.has-errors { background: #ffebee; color: var(--error); }
.counts.has-warnings { background: #fff3e0; color: var(--warning); }
.counts.clean { background: #e8f5e9; color: var(--ok); }
.columns { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.picture { flex: 1 1 36rem; min-width: 0; margin: 0; overflow-x: auto; }
.picture svg { display: block; max-width: 100%; height: auto; }
.picture figcaption { color: var(--muted); font-size: .85rem; margin-top: .5rem; }
.findings-column { flex: 0 1 30rem; min-width: 18rem; }
.findings-column h3 { margin: 0 0 .5rem; font-size: 1rem; }
ol.findings { list-style: none; margin: 0; padding: 0; }
.finding { border-left: 4px solid var(--line); padding: .4rem .6rem; margin-bottom: .5rem; background: #fcfcfc; }
.finding.error { border-color: var(--error); }
.finding.warning { border-color: var(--warning); }
.finding:target { background: #fffde7; }
.finding .number { font-weight: bold; }
.finding.error .severity { color: var(--error); font-weight: bold; }
.finding.warning .severity { color: var(--warning); font-weight: bold; }
.finding .position { color: var(--muted); font-family: ui-monospace, monospace; }
.finding .rule { color: var(--muted); }
.finding .where { color: var(--muted); font-size: .85rem; margin-top: .2rem; }
.clean { color: var(--ok); }
details.legend { margin-top: .5rem; }
details.legend summary { cursor: pointer; color: var(--muted); }
details.legend .legend-body { display: flex; gap: 1.5rem; align-items: center; }
details.legend svg { display: block; margin: .5rem 0; flex: none; }
details.legend p { max-width: 40rem; color: var(--muted); }
.not-drawn { color: var(--muted); font-style: italic; flex: 1 1 36rem; }
`;
