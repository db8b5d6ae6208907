import type { DeviceGraph } from '../ir/graph.js';
import type { RuleFixer } from './rule-fixer.js';
import { createArgvFixer } from './argv-fixer.js';
import { createXmlFixer } from './xml-fixer.js';

/** The fixer that prints structural edits in the graph's input language. */
export function createFixer(sourceText: string, graph: DeviceGraph): RuleFixer {
  return graph.source === 'libvirt-xml' ? createXmlFixer(sourceText, graph) : createArgvFixer(sourceText, graph);
}
