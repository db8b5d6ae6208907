import type { DeviceGraph } from '../ir/graph.js';
import type { RuleFixer } from './rule-fixer.js';

/**
 * The RuleFixer for QEMU command lines. Not written yet: every operation
 * answers "cannot express", so command-line reports carry no fix.
 */
export function createArgvFixer(_sourceText: string, _graph: DeviceGraph): RuleFixer {
  const none = () => null;
  return { setValue: none, setAttribute: none, removeAttributes: none, removeElement: none, appendChild: none, insertControllers: none };
}
