import { hex2, slotRanges, type PictureBus, type PictureFinding, type PictureFunction, type TopologyPicture } from '../topology/picture.js';

/** How each kind of node is drawn; the legend and the html report's stylesheet say the same. */
const INK = '#263238';
const ADDED_FILL = '#e3f2fd';
const CHIPSET_FILL = '#eceff1';
const ROOT_FILL = '#cfd8dc';
const ERROR = '#c62828';
const WARNING = '#e65100';
const FREE = '#2e7d32';

export interface DotOptions {
  /** The guest's name in the picture (its path as the user gave it). */
  readonly title: string;
  /** Prefixed to every id in the output, so several pictures can share one HTML page. */
  readonly idPrefix?: string;
}

/**
 * The picture as Graphviz source: a left-to-right tree from each root bus,
 * one node per function (a controller's node is also the bus it provides),
 * multifunction slots boxed together, free hotplug-capable places in green,
 * what libvirt adds or places dashed, nodes with findings outlined in red
 * (error) or orange (warning) and numbered as the findings are.
 */
export function topologyDot(picture: TopologyPicture, options: DotOptions): string {
  const p = options.idPrefix ?? '';
  const out: string[] = [];
  let edges = 0;
  const edge = (from: string, to: string) => out.push(`  ${q(p + from)} -> ${q(p + to)} [id=${q(`${p}edge-${++edges}`)}];`);

  out.push(`digraph ${q(`${p}topology`)} {`);
  out.push(`  graph [id=${q(`${p}graph`)}, rankdir=LR, fontname="Courier", fontsize=12, nodesep=0.12, ranksep=0.45, labeljust=l, labelloc=t, label=<${graphLabel(picture, options.title)}>];`);
  // Graphviz sizes boxes by its own font metrics: only a monospace font is drawn
  // at the measured width by every viewer (browsers fall back to different sans fonts).
  out.push(`  node [fontname="Courier", fontsize=10, shape=box, style="rounded,filled", fillcolor="white", color=${q(INK)}, fontcolor=${q(INK)}, margin="0.1,0.04"];`);
  out.push(`  edge [color="#78909c", arrowhead=none];`);

  out.push(...legend(p));
  const busNode = new Map(picture.buses.map((b) => [b.index, b]));
  for (const bus of picture.buses) {
    if (bus.root) out.push(`  ${q(`${p}bus:${bus.index}`)} [${attrs(rootAttrs(bus, p))}];`);
    let cluster = 0;
    for (const [slot, functions] of bySlot(bus.functions)) {
      const indent = functions.length > 1 ? '    ' : '  ';
      if (functions.length > 1) {
        out.push(`  subgraph ${q(`cluster_${p}${bus.index}_${hex2(slot)}`)} {`);
        out.push(`    graph [id=${q(`${p}slot-${bus.index}-${hex2(slot)}-${++cluster}`)}, label="slot ${hex2(slot)}", fontsize=9, fontcolor="#546e7a", style="rounded", color="#b0bec5", margin=6];`);
      }
      // As for the edges: declared in reverse, a slot's functions read .0 to .7 top-down.
      for (const f of functions.length > 1 ? [...functions].reverse() : functions) {
        const child = f.childBus === null ? undefined : busNode.get(f.childBus);
        out.push(`${indent}${q(p + f.id)} [${attrs(functionAttrs(f, child, p))}];`);
      }
      if (functions.length > 1) out.push('  }');
    }
    // dot stacks a left-to-right rank bottom-up: edges in reverse put slot 00 at the top.
    for (const f of [...bus.functions].reverse()) edge(`bus:${bus.index}`, f.id);
    const free = freeLabel(bus);
    if (free) {
      out.push(`  ${q(`${p}free:${bus.index}`)} [${attrs({ id: `${p}free-${bus.index}`, class: 'free', label: free, style: 'rounded,dashed', color: FREE, fontcolor: FREE, fillcolor: 'white' })}];`);
      edge(`bus:${bus.index}`, `free:${bus.index}`);
    }
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

function bySlot(functions: readonly PictureFunction[]): Map<number, PictureFunction[]> {
  const slots = new Map<number, PictureFunction[]>();
  for (const f of functions) slots.set(f.address.slot, [...(slots.get(f.address.slot) ?? []), f]);
  return slots;
}

type Attrs = Record<string, string>;

function rootAttrs(bus: PictureBus, p: string): Attrs {
  const lines = [`<B>bus ${bus.index}</B>  ${esc(bus.model)}`];
  if (bus.modelName && bus.modelName !== bus.model) lines.push(`<FONT POINT-SIZE="9">${esc(bus.modelName)}</FONT>`);
  if (bus.added) lines.push(addedLine());
  return withFindings({ id: `${p}bus-${bus.index}`, class: classes('bus root', bus.added, bus.added), fillcolor: ROOT_FILL, style: bus.added ? 'rounded,filled,dashed' : 'rounded,filled' }, lines, bus.findings);
}

function functionAttrs(f: PictureFunction, bus: PictureBus | undefined, p: string): Attrs {
  const at = `<B>${hex2(f.address.slot)}.${f.address.function}</B>`;
  const lines = [`${at}  ${esc(f.label)}${f.multifunction ? ' <FONT POINT-SIZE="9">(multifunction)</FONT>' : ''}`];
  if (bus) lines.push(`<FONT POINT-SIZE="9">bus ${bus.index}${bus.modelName && bus.modelName !== bus.model ? `, ${esc(bus.modelName)}` : ''}</FONT>`);
  if (f.kind === 'chipset') lines.push('<FONT POINT-SIZE="9">built into the machine</FONT>');
  else if (f.added) lines.push(addedLine());
  else if (f.predicted) lines.push('<FONT POINT-SIZE="9"><I>address chosen by libvirt</I></FONT>');
  const findings = bus ? [...new Set([...f.findings, ...bus.findings])] : f.findings;
  const base: Attrs = {
    id: `${p}${f.id.replace(/[:.]/g, '-')}`,
    class: classes(f.kind === 'controller' ? 'bus' : f.kind, f.predicted, f.added),
    style: f.predicted || f.added ? 'rounded,filled,dashed' : 'rounded,filled',
    fillcolor: f.kind === 'chipset' ? CHIPSET_FILL : f.added ? ADDED_FILL : 'white',
  };
  if (f.kind === 'chipset') Object.assign(base, { color: '#90a4ae', fontcolor: '#455a64' });
  return withFindings(base, lines, findings);
}

function addedLine(): string {
  return '<FONT POINT-SIZE="9"><I>added by libvirt</I></FONT>';
}

function classes(kind: string, predicted: boolean, added: boolean): string {
  return [kind, predicted || added ? 'predicted' : 'written', added ? 'added' : ''].filter(Boolean).join(' ');
}

/** Findings outline the node (red for an error, orange for a warning) and add one line each. */
function withFindings(base: Attrs, lines: string[], findings: readonly PictureFinding[]): Attrs {
  const sorted = [...findings].sort((a, b) => a.number - b.number);
  for (const f of sorted) {
    lines.push(`<FONT COLOR="${f.severity === 2 ? ERROR : WARNING}" POINT-SIZE="9">${f.severity === 2 ? '✖' : '⚠'} ${f.number} ${esc(f.ruleId ?? 'pcilint')}</FONT>`);
  }
  const worst = sorted.some((f) => f.severity === 2) ? 2 : sorted.length ? 1 : 0;
  const outline: Attrs = worst === 0 ? {} : { color: worst === 2 ? ERROR : WARNING, penwidth: '2.5', class: `${base.class} ${worst === 2 ? 'finding-error' : 'finding-warning'}` };
  return { ...base, ...outline, label: `<${lines.map((l) => `${l}<BR ALIGN="LEFT"/>`).join('')}>` };
}

function freeLabel(bus: PictureBus): string | null {
  if (bus.freePort) return '<free hotplug-capable port<BR/><FONT POINT-SIZE="9">one device can be plugged in</FONT>>';
  if (bus.freeSlots.length === 0) return null;
  return `<free hotplug-capable slots<BR/><FONT POINT-SIZE="9">${slotRanges(bus.freeSlots)} (${bus.freeSlots.length})</FONT>>`;
}

function graphLabel(picture: TopologyPicture, title: string): string {
  const doc = picture.document;
  const m = doc.machine;
  const lines = [`<B>${esc(title)}</B>`, `machine ${esc(m.type)} (${esc(m.family)}, ${esc(m.arch)})`];
  if (doc.error) lines.push(`<FONT COLOR="${ERROR}">REFUSED: ${wrap(doc.error).map(esc).join('<BR ALIGN="LEFT"/>')}</FONT>`);
  for (const f of picture.guestFindings) {
    lines.push(`<FONT COLOR="${f.severity === 2 ? ERROR : WARNING}">${f.severity === 2 ? '✖' : '⚠'} ${f.number} ${esc(f.ruleId ?? 'pcilint')} (the guest)</FONT>`);
  }
  return `${lines.join('<BR ALIGN="LEFT"/>')}<BR ALIGN="LEFT"/>`;
}

function legend(p: string): string[] {
  const entries: [string, Attrs][] = [
    ['in the file', {}],
    ['<I>libvirt chooses the address</I>', { style: 'rounded,filled,dashed' }],
    ['<I>libvirt adds it</I>', { style: 'rounded,filled,dashed', fillcolor: ADDED_FILL }],
    ['built into the machine', { fillcolor: CHIPSET_FILL, color: '#90a4ae' }],
    [`<FONT COLOR="${ERROR}">✖ error</FONT> / <FONT COLOR="${WARNING}">⚠ warning</FONT>`, { color: ERROR, penwidth: '2.5' }],
    [`<FONT COLOR="${FREE}">free hotplug-capable</FONT>`, { style: 'rounded,dashed', color: FREE }],
  ];
  const out = [`  subgraph ${q(`cluster_${p}legend`)} {`, `    graph [id=${q(`${p}legend`)}, label="legend", fontsize=9, fontcolor="#546e7a", style="rounded", color="#cfd8dc"];`];
  entries.forEach(([label, a], i) => out.push(`    ${q(`${p}legend:${i}`)} [${attrs({ id: `${p}legend-${i}`, class: 'legend', fontsize: '9', ...a, label: `<${label}>` })}];`));
  // One rank: left to right, that is one column.
  out.push(`    { rank=same; ${entries.map((_, i) => q(`${p}legend:${i}`)).join('; ')}; }`);
  out.push('  }');
  return out;
}

/** Long refusals are wrapped so the picture does not grow wider than the tree. */
function wrap(text: string, width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function attrs(a: Attrs): string {
  return Object.entries(a).map(([k, v]) => `${k}=${k === 'label' && v.startsWith('<') ? v : q(v)}`).join(', ');
}

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
