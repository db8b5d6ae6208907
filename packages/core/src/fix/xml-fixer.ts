import type { DeviceGraph } from '../ir/graph.js';
import type { XmlAttribute, XmlElement } from '../syntax/xml.js';
import { mergeEdits, type Edit } from './edit.js';
import { indentUnit, lineEnding, lineIndent, quoteStyle } from './layout.js';
import type { RuleFixer } from './rule-fixer.js';

/**
 * The RuleFixer for libvirt domain XML. Every edit touches only the bytes it
 * means to change: quotes, indentation (spaces or tabs), line endings and
 * attribute order of the rest of the file stay as written.
 */
export function createXmlFixer(sourceText: string, graph: DeviceGraph): RuleFixer {
  const eol = lineEnding(sourceText);
  const at = (offset: number, text: string): Edit => ({ range: [offset, offset], text });

  function removeAttribute(attr: XmlAttribute): Edit {
    let start = attr.span.start;
    while (start > 0 && /\s/.test(sourceText[start - 1])) start--;
    return { range: [start, attr.span.end], text: '' };
  }

  function removeElement(element: XmlElement): Edit {
    let start = element.span.start;
    while (start > 0 && (sourceText[start - 1] === ' ' || sourceText[start - 1] === '\t')) start--;
    let end = element.span.end;
    let lineEnd = end;
    while (lineEnd < sourceText.length && (sourceText[lineEnd] === ' ' || sourceText[lineEnd] === '\t')) lineEnd++;
    const aloneOnLine =
      (start === 0 || sourceText[start - 1] === '\n' || sourceText[start - 1] === '\r') &&
      (lineEnd === sourceText.length || sourceText[lineEnd] === '\n' || sourceText[lineEnd] === '\r');
    if (aloneOnLine && start > 0) {
      // Take the preceding line break (\n or \r\n) and the blanks after the element.
      start--;
      if (sourceText[start] === '\n' && start > 0 && sourceText[start - 1] === '\r') start--;
      end = lineEnd;
    }
    return { range: [start, end], text: '' };
  }

  function tag(element: XmlElement | null, name: string, attrs: readonly (readonly [string, string])[]): string {
    const quote = quoteStyle(element);
    return `<${name}${attrs.map(([n, v]) => ` ${n}=${quote}${escapeAttribute(v, quote)}${quote}`).join('')}/>`;
  }

  function childIndentOf(element: XmlElement, ownIndent: string | null): string {
    for (const c of element.children) {
      const indent = lineIndent(sourceText, c.span.start);
      if (indent !== null) return indent;
    }
    return (ownIndent ?? '') + indentUnit(sourceText, element, element.parent);
  }

  return {
    setValue: (attr, value) => ({ range: [attr.valueSpan.start, attr.valueSpan.end], text: escapeAttribute(value, attr.quote) }),
    setAttribute(element, name, value) {
      const existing = element.attributes.find((a) => a.name === name);
      if (existing) return { range: [existing.valueSpan.start, existing.valueSpan.end], text: escapeAttribute(value, existing.quote) };
      const last = element.attributes[element.attributes.length - 1];
      const quote = quoteStyle(element);
      const text = ` ${name}=${quote}${escapeAttribute(value, quote)}${quote}`;
      if (last) return at(last.span.end, text);
      return at(element.startTagSpan.start + 1 + element.name.length, text);
    },
    removeAttributes(attrs) {
      return mergeEdits(sourceText, attrs.map(removeAttribute));
    },
    removeElement,
    appendChild(element, name, attrs) {
      const child = tag(element, name, attrs);
      const ownIndent = lineIndent(sourceText, element.span.start);
      const childIndent = childIndentOf(element, ownIndent);
      if (element.selfClosing) {
        // `<input type='keyboard' bus='virtio'/>`: the `/>` (and blanks before it) becomes `>child</input>`.
        const end = element.startTagSpan.end;
        let slash = end - 2;
        while (slash > element.startTagSpan.start && /\s/.test(sourceText[slash - 1])) slash--;
        if (ownIndent === null) return { range: [slash, end], text: `>${child}</${element.name}>` };
        return { range: [slash, end], text: `>${eol}${childIndent}${child}${eol}${ownIndent}</${element.name}>` };
      }
      const close = sourceText.lastIndexOf('</', element.span.end - 1);
      const closeIndent = lineIndent(sourceText, close);
      if (closeIndent !== null && ownIndent !== null) return at(close - closeIndent.length, `${childIndent}${child}${eol}`);
      if (ownIndent === null) return at(close, child);
      return at(close, `${eol}${childIndent}${child}${eol}${ownIndent}`);
    },
    insertControllers(controllers, before) {
      const devices = graph.domainElement.children.find((e) => e.name === 'devices');
      if (!devices || devices.selfClosing || controllers.length === 0) return null;
      const anchor = before ?? lastWrittenPciControllerElement(graph, devices);
      const firstChild = devices.children[0];
      const devicesIndent = lineIndent(sourceText, devices.span.start) ?? '';
      const childIndent =
        (anchor && lineIndent(sourceText, anchor.span.start)) ??
        (firstChild && lineIndent(sourceText, firstChild.span.start)) ??
        devicesIndent + indentUnit(sourceText, null, devices);
      const unit = indentUnit(sourceText, anchor, devices);
      const style = anchor ?? devices;
      const minimal = controllers.every((c) => c.model === 'pcie-root-port') && !hasPciAddress(graph);
      const blocks = controllers.map((c) => {
                // A file that leaves PCI addressing to libvirt gets root ports as people write them by hand;
        // the index stays, because without pcie-root written the first unindexed port would take index 0.
        const head = tag(style, 'controller', [['type', 'pci'], ['index', String(c.index)], ['model', c.model]]);
        const children: string[] = [];
        if (c.modelName) children.push(tag(style, 'model', [['name', c.modelName]]));
        if (c.target && c.target.length) children.push(tag(style, 'target', c.target));
        if (c.address) {
          const a = c.address;
          const attrs: [string, string][] = [
            ['type', 'pci'], ['domain', '0x0000'], ['bus', hex(a.bus, 2)], ['slot', hex(a.slot, 2)], ['function', hex(a.function, 1)],
          ];
          if (a.multifunction) attrs.push(['multifunction', 'on']);
          children.push(tag(style, 'address', attrs));
        }
        // A controller without children is written self-closing, as libvirt's minimal form.
        if (minimal || children.length === 0) return childIndent + head;
        const open = head.slice(0, -2) + '>';
        return [open, ...children.map((ch) => unit + ch), '</controller>'].map((l) => childIndent + l).join(eol);
      });
      if (before) {
        const indent = lineIndent(sourceText, before.span.start);
        if (indent === null) return at(before.span.start, blocks.map((b) => b.trimStart()).join(''));
        return at(before.span.start - indent.length, blocks.map((b) => b + eol).join(''));
      }
      if (anchor) return at(anchor.span.end, blocks.map((b) => eol + b).join(''));
      const close = sourceText.lastIndexOf('</', devices.span.end - 1);
      const lineStart = Math.max(sourceText.lastIndexOf('\n', close - 1), sourceText.lastIndexOf('\r', close - 1)) + 1;
      if (/^[ \t]*$/.test(sourceText.slice(lineStart, close)) && lineStart > devices.startTagSpan.end) {
        return at(lineStart, blocks.map((b) => b + eol).join(''));
      }
      return at(close, blocks.map((b) => eol + b).join('') + eol + devicesIndent);
    },
  };
}

/** Any written `<address type='pci'>` in the domain. */
function hasPciAddress(graph: DeviceGraph): boolean {
  const nodes = [...graph.controllers, ...graph.devices];
  return nodes.some((n) => n.origin === 'written' && n.address !== null && n.address !== undefined && !n.address.predicted);
}

function hex(v: number, width: number): string {
  return '0x' + v.toString(16).padStart(width, '0');
}

/** What an attribute value needs escaped inside the given quote. */
function escapeAttribute(value: string, quote: '"' | "'"): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  out = quote === "'" ? out.replace(/'/g, '&apos;') : out.replace(/"/g, '&quot;');
  return out;
}

/** The last `<controller type='pci'>` written directly under `<devices>`, in document order. */
function lastWrittenPciControllerElement(graph: DeviceGraph, devices: XmlElement): XmlElement | null {
  let last: XmlElement | null = null;
  for (const c of graph.controllers) {
    if (c.origin !== 'written' || !c.element || c.element.parent !== devices) continue;
    if (!last || c.element.span.start > last.span.start) last = c.element;
  }
  return last;
}
