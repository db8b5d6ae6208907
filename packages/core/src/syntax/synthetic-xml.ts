import type { Span } from './source.js';
import type { XmlAttribute, XmlElement } from './xml.js';
import type { MutableElement } from './mutable-element.js';

/**
 * A libvirt-shaped element built from another syntax (a QEMU command line),
 * whose spans point into *that* source. The graph builder and every rule
 * then read one shape, and diagnostics land on the argument they came from.
 */
export interface SyntheticElement {
  readonly name: string;
  /** Where the element comes from: the `-device` argument, the `-machine` value, ... */
  readonly span: Span;
  readonly attributes?: readonly SyntheticAttribute[];
  readonly children?: readonly SyntheticElement[];
  readonly text?: string;
}

export interface SyntheticAttribute {
  readonly name: string;
  readonly value: string;
  /** The source of the value (a `key=value` property); the element's span when synthesised. */
  readonly span?: Span;
  readonly valueSpan?: Span;
}


/** Turns a synthetic description into positioned XmlElements (parents linked). */
export function materialize(node: SyntheticElement, parent: XmlElement | null = null): XmlElement {
  const element: MutableElement = {
    kind: 'element',
    name: node.name,
    attributes: [],
    children: [],
    parent: parent as MutableElement | null,
    span: node.span,
    startTagSpan: node.span,
    selfClosing: !node.children?.length && !node.text,
    text: node.text ?? '',
  };
  for (const a of node.attributes ?? []) {
    element.attributes.push({
      kind: 'attribute',
      name: a.name,
      value: a.value,
      span: a.span ?? node.span,
      valueSpan: a.valueSpan ?? a.span ?? node.span,
      quote: "'",
      element: element as XmlElement,
    });
  }
  for (const c of node.children ?? []) element.children.push(materialize(c, element as XmlElement) as MutableElement);
  return element as XmlElement;
}
