import type { PciControllerModel } from '../catalog/controllers.js';
import type { XmlAttribute, XmlElement } from '../syntax/xml.js';
import type { Edit } from './edit.js';

/** A PCI controller for a fix to add, described once and printed per input language. */
export interface NewController {
  readonly index: number;
  readonly model: PciControllerModel;
  readonly modelName?: string;
  /** `<target>` attributes in order, values already formatted. */
  readonly target?: readonly (readonly [string, string])[];
  readonly address?: { readonly bus: number; readonly slot: number; readonly function: number; readonly multifunction?: boolean };
}

/**
 * What a rule's `fix(fixer)` builds its edits with. Operations are
 * structural (ESLint's RuleFixer has only text operations): a rule says what
 * changes once, and the fixer prints it in the file's language and style.
 * Each returns null when that language cannot express the change (the
 * report then has no fix).
 * Elements and attributes are the graph's: for a command line they are the
 * libvirt-shaped view whose spans point into the arguments.
 */
export interface RuleFixer {
  /** Give an attribute a new value, keeping its quotes (a property's syntax on a command line). */
  setValue(attr: XmlAttribute, value: string): Edit | null;
  /** Set `name` on `element`: replace the value when present, else add it after the last attribute. */
  setAttribute(element: XmlElement, name: string, value: string): Edit | null;
  /** Drop attributes (of one element) with the blanks before each. */
  removeAttributes(attrs: readonly XmlAttribute[]): Edit | null;
  /** Drop an element; a line it had to itself goes with it. */
  removeElement(element: XmlElement): Edit | null;
  /** Append `<name attrs/>` as the last child of `element`, indented like its children. */
  appendChild(element: XmlElement, name: string, attrs: readonly (readonly [string, string])[]): Edit | null;
  /**
   * Add PCI controllers where libvirt keeps them: after the last written
   * `<controller type='pci'>`, or right before `before` (a root that must
   * precede the controllers written without an index).
   */
  insertControllers(controllers: readonly NewController[], before?: XmlElement): Edit | null;
}
