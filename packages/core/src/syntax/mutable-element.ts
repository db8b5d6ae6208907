import type { XmlAttribute } from './xml.js';

/**
 * An element while a reader builds it (saxes' handlers, parsePlainXml, the
 * synthetic XML of a command line): filled in place, then handed out as a
 * readonly XmlElement.
 */
export interface MutableElement<Attribute = XmlAttribute> {
  kind: 'element';
  name: string;
  attributes: Attribute[];
  children: MutableElement<Attribute>[];
  parent: MutableElement<Attribute> | null;
  span: { start: number; end: number };
  startTagSpan: { start: number; end: number };
  selfClosing: boolean;
  text: string;
}
