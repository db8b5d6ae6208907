import { hex2, slotRanges, type PictureBus, type PictureFinding, type PictureFunction, type TopologyPicture } from '../topology/picture.js';

/** How each kind of row is drawn; the legend and the html report say the same. */
const INK = '#263238';
const ADDED_FILL = '#e3f2fd';
const CHIPSET_FILL = '#eceff1';
const CHIPSET_INK = '#546e7a';
const BUS_FILL = '#f5f7f8';
const ERROR = '#c62828';
const WARNING = '#e65100';
const FREE = '#2e7d32';

export interface DotOptions {
  /** The guest's name in the picture (its path as the user gave it); none where the page around it names it. */
  readonly title?: string;
  /** Draw the legend beside the buses (default); the html report shows it once for all pictures. */
  readonly legend?: boolean;
  /** Prefixed to every id in the output, so several pictures can share one HTML page. */
  readonly idPrefix?: string;
  /** Where a click on a row with findings goes (the html report's list); none by default. */
  readonly findingHref?: (finding: PictureFinding) => string;
}

/**
 * The picture as Graphviz source, left to right from each root bus. A bus is
 * one box listing its slots top-down: one row per function (a multifunction
 * slot boxes its functions together), then the free hotplug-capable slots. A
 * controller's row is joined to the box of the bus it provides. Rows whose
 * address libvirt chooses are dashed, what libvirt adds is tinted blue, the
 * machine's own functions grey, free places green, rows with findings
 * outlined red (error) or orange (warning) and numbered as the findings are.
 * Boxes of rows (HTML-like tables) keep slot order exactly; separate nodes
 * would be ordered by Graphviz's crossing heuristics.
 */
export function topologyDot(picture: TopologyPicture, options: DotOptions): string {
  const p = options.idPrefix ?? '';
  const buses = new Map(picture.buses.map((b) => [b.index, b]));
  const out: string[] = [];
  out.push(`digraph ${q(`${p}topology`)} {`);
  out.push(`  graph [id=${q(`${p}graph`)}, rankdir=LR, fontname="Courier", fontsize=12, nodesep=0.25, ranksep=0.6, labeljust=l, labelloc=t, label=<${graphLabel(picture, options.title)}>];`);
  // Graphviz sizes boxes by its own font metrics: only a monospace font is drawn
  // at the measured width by every viewer (browsers fall back to different sans fonts).
  out.push(`  node [fontname="Courier", fontsize=10, shape=plain, fontcolor=${q(INK)}];`);
  out.push(`  edge [color="#78909c", arrowhead=none, headport=w];`);
  for (const bus of picture.buses) {
    out.push(`  ${q(`${p}bus:${bus.index}`)} [id=${q(`${p}bus-${bus.index}`)}, class=${q(busClass(bus))}, label=<${busTable(bus, buses, p, options.findingHref)}>];`);
  }
  let edges = 0;
  for (const bus of picture.buses) {
    for (const f of bus.functions) {
      if (f.childBus === null || !buses.has(f.childBus)) continue;
      out.push(`  ${q(`${p}bus:${bus.index}`)}:${q(port(f))}:e -> ${q(`${p}bus:${f.childBus}`)} [id=${q(`${p}edge-${++edges}`)}];`);
    }
  }
  const legend = options.legend !== false;
  if (legend) out.push(`  ${q(`${p}legend`)} [id=${q(`${p}legend`)}, class="legend", label=<${legendTable()}>];`);
  // Root buses top-down by index, the legend under them: a flat edge puts its tail above its head.
  const column = [...picture.buses.filter((b) => b.root).map((b) => `${p}bus:${b.index}`), ...(legend ? [`${p}legend`] : [])];
  if (column.length > 1) out.push(`  { rank=same; ${column.map(q).join(' -> ')} [style=invis, id=${q(`${p}column`)}]; }`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

function busClass(bus: PictureBus): string {
  const worst = worstOf(bus.root ? bus.findings : []);
  return ['bus', bus.root ? 'root' : '', bus.added ? 'predicted added' : 'written', worst ? `finding-${worst}` : ''].filter(Boolean).join(' ');
}

function busTable(bus: PictureBus, buses: ReadonlyMap<number, PictureBus>, p: string, href: DotOptions['findingHref']): string {
  const name = `${esc(bus.model)}${bus.modelName && bus.modelName !== bus.model ? ` <FONT POINT-SIZE="9">[${esc(bus.modelName)}]</FONT>` : ''}`;
  const header = [`<B>bus ${bus.index}</B>  ${name}`];
  if (bus.added) header.push('<FONT POINT-SIZE="9"><I>added by libvirt</I></FONT>');
  // A controller's findings are on its row on the parent bus; a root bus has no such row.
  const rootFindings = bus.root ? bus.findings : [];
  header.push(...findingLines(rootFindings));
  const worst = worstOf(rootFindings);
  const border = worst ? `COLOR="${worst === 'error' ? ERROR : WARNING}" BORDER="3"` : `COLOR="${INK}" BORDER="1"`;
  const rows = [`<TR><TD ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="${bus.root ? '#cfd8dc' : bus.added ? ADDED_FILL : '#eceff1'}" STYLE="rounded">${header.join('<BR/>')}</TD></TR>`];
  for (const functions of bySlot(bus.functions).values()) {
    if (functions.length === 1) {
      rows.push(`<TR>${functionCell(functions[0], buses, p, href)}</TR>`);
      continue;
    }
    const inner = functions.map((f) => `<TR>${functionCell(f, buses, p, href)}</TR>`).join('');
    rows.push(`<TR><TD BORDER="1" COLOR="#b0bec5" STYLE="rounded" CELLPADDING="2"><TABLE BORDER="0" CELLSPACING="3" CELLPADDING="3"><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="${CHIPSET_INK}">slot ${hex2(functions[0].address.slot)}</FONT></TD></TR>${inner}</TABLE></TD></TR>`);
  }
  if (bus.freePort) rows.push(freeCell(bus, p, 'free hotplug-capable port', 'one device can be plugged in'));
  else if (bus.freeSlots.length > 0) rows.push(freeCell(bus, p, 'free hotplug-capable slots', `${slotRanges(bus.freeSlots)} (${bus.freeSlots.length})`));
  else if (bus.functions.length === 0) rows.push(`<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9"><I>(empty)</I></FONT></TD></TR>`);
  const style = bus.added ? 'rounded,dashed' : 'rounded';
  return `<TABLE ${border} STYLE="${style}" BGCOLOR="${BUS_FILL}" CELLBORDER="0" CELLSPACING="4" CELLPADDING="4">${rows.join('')}</TABLE>`;
}

function freeCell(bus: PictureBus, p: string, title: string, detail: string): string {
  return `<TR><TD ID="${p}free-${bus.index}" TOOLTIP="${esc(`${title} on bus ${bus.index}: ${detail}`)}" HREF="#" ALIGN="LEFT" BALIGN="LEFT" BORDER="1" STYLE="rounded,dashed" COLOR="${FREE}" BGCOLOR="white"><FONT COLOR="${FREE}">${title}<BR/><FONT POINT-SIZE="9">${detail}</FONT></FONT></TD></TR>`;
}

const port = (f: PictureFunction) => `f-${hex2(f.address.slot)}-${f.address.function}-${f.id.replace(/[^\w-]/g, '-')}`;

function functionCell(f: PictureFunction, buses: ReadonlyMap<number, PictureBus>, p: string, href: DotOptions['findingHref']): string {
  const child = f.childBus === null ? undefined : buses.get(f.childBus);
  const lines = [`<B>${hex2(f.address.slot)}.${f.address.function}</B>  ${esc(f.label)}${f.multifunction ? ' <FONT POINT-SIZE="9">(multifunction)</FONT>' : ''}`];
  if (child) lines.push(`<FONT POINT-SIZE="9">bus ${child.index}${child.modelName && child.modelName !== child.model ? `, ${esc(child.modelName)}` : ''}</FONT>`);
  if (f.kind === 'chipset') lines.push(`<FONT POINT-SIZE="9">${f.reserved ? 'kept free by libvirt' : 'built into the machine'}</FONT>`);
  else if (f.added) lines.push('<FONT POINT-SIZE="9"><I>added by libvirt</I></FONT>');
  else if (f.predicted) lines.push('<FONT POINT-SIZE="9"><I>address chosen by libvirt</I></FONT>');
  const findings = child ? [...new Set([...f.findings, ...child.findings])].sort((a, b) => a.number - b.number) : f.findings;
  lines.push(...findingLines(findings));
  const worst = worstOf(findings);
  const dashed = f.kind !== 'chipset' && (f.predicted || f.added);
  const color = worst ? (worst === 'error' ? ERROR : WARNING) : f.kind === 'chipset' ? '#90a4ae' : INK;
  const fill = f.kind === 'chipset' ? CHIPSET_FILL : f.added ? ADDED_FILL : 'white';
  const text = lines.join('<BR/>');
  const tooltip = [`${hex2(f.address.bus)}:${hex2(f.address.slot)}.${f.address.function} ${f.label}`, ...findings.map((x) => `${x.number}. ${x.message} (${x.ruleId ?? 'pcilint'})`)].join('\n');
  // Graphviz gives a cell an id and a tooltip only with a link.
  const link = href && findings.length > 0 ? href(findings[0]) : '#';
  return `<TD PORT="${port(f)}" ID="${p}${f.id.replace(/[:.]/g, '-')}" TOOLTIP="${esc(tooltip)}" HREF="${esc(link)}" ALIGN="LEFT" BALIGN="LEFT" BORDER="${worst ? 3 : 1}" STYLE="${dashed ? 'rounded,dashed' : 'rounded'}" COLOR="${color}" BGCOLOR="${fill}">${f.kind === 'chipset' ? `<FONT COLOR="${CHIPSET_INK}">${text}</FONT>` : text}</TD>`;
}

function findingLines(findings: readonly PictureFinding[]): string[] {
  // ASCII only: Graphviz has no width for other characters and the box would be too narrow.
  return findings.map((f) => `<FONT COLOR="${f.severity === 2 ? ERROR : WARNING}" POINT-SIZE="9">${findingText(f)}</FONT>`);
}

/** `[1] error common/address-conflict`: the number is the finding's in the file's list. */
export function findingText(f: PictureFinding): string {
  return `[${f.number}] ${f.severity === 2 ? 'error' : 'warning'} ${esc(f.ruleId ?? 'pcilint')}`;
}

function worstOf(findings: readonly PictureFinding[]): 'error' | 'warning' | null {
  return findings.some((f) => f.severity === 2) ? 'error' : findings.length ? 'warning' : null;
}

function bySlot(functions: readonly PictureFunction[]): Map<number, PictureFunction[]> {
  const slots = new Map<number, PictureFunction[]>();
  for (const f of functions) slots.set(f.address.slot, [...(slots.get(f.address.slot) ?? []), f]);
  return slots;
}

function graphLabel(picture: TopologyPicture, title: string | undefined): string {
  const doc = picture.document;
  const m = doc.machine;
  const lines = [...(title === undefined ? [] : [`<B>${esc(title)}</B>`]), `machine ${esc(m.type)} (${esc(m.family)}, ${esc(m.arch)})`];
  if (doc.error) lines.push(...wrap(`REFUSED: ${doc.error}`).map((l) => `<FONT COLOR="${ERROR}">${esc(l)}</FONT>`));
  for (const f of picture.guestFindings) {
    lines.push(`<FONT COLOR="${f.severity === 2 ? ERROR : WARNING}">${findingText(f)} (the guest)</FONT>`);
  }
  return lines.map((l) => `${l}<BR ALIGN="LEFT"/>`).join('');
}

/** The legend alone, as a graph of its own: the html report draws it once above the guests. */
export function legendDot(): string {
  return `digraph "legend" {\n  graph [id="legend-graph"];\n  node [fontname="Courier", fontsize=10, shape=plain, fontcolor=${q(INK)}];\n  "legend" [id="legend", class="legend", label=<${legendTable()}>];\n}\n`;
}

function legendTable(): string {
  const cell = (text: string, attrs: string) =>
    `<TR><TD ALIGN="LEFT" ${attrs.includes('BORDER=') ? '' : 'BORDER="1" '}${attrs.includes('STYLE=') ? '' : 'STYLE="rounded" '}${attrs}>${text}</TD></TR>`;
  return `<TABLE BORDER="1" COLOR="#cfd8dc" STYLE="rounded" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3">`
    + `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="${CHIPSET_INK}">legend</FONT></TD></TR>`
    + cell('<FONT POINT-SIZE="9">in the file</FONT>', `COLOR="${INK}" BGCOLOR="white"`)
    + cell('<FONT POINT-SIZE="9"><I>address chosen by libvirt</I></FONT>', `COLOR="${INK}" BGCOLOR="white" STYLE="rounded,dashed"`)
    + cell('<FONT POINT-SIZE="9"><I>added by libvirt</I></FONT>', `COLOR="${INK}" BGCOLOR="${ADDED_FILL}" STYLE="rounded,dashed"`)
    + cell(`<FONT POINT-SIZE="9" COLOR="${CHIPSET_INK}">built into the machine (or reserved)</FONT>`, `COLOR="#90a4ae" BGCOLOR="${CHIPSET_FILL}"`)
    + cell(`<FONT POINT-SIZE="9" COLOR="${ERROR}">[N] error</FONT>`, `COLOR="${ERROR}" BORDER="3" BGCOLOR="white"`)
    + cell(`<FONT POINT-SIZE="9" COLOR="${WARNING}">[N] warning</FONT>`, `COLOR="${WARNING}" BORDER="3" BGCOLOR="white"`)
    + cell(`<FONT POINT-SIZE="9" COLOR="${FREE}">free hotplug-capable</FONT>`, `COLOR="${FREE}" BGCOLOR="white" STYLE="rounded,dashed"`)
    + '</TABLE>';
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

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
