import { compileAddressPattern, parsePciAddress } from './pci-address-pattern.js';

/*
 * What a declarative pack may write as a condition's operator, and the load-
 * time check of the value each custom operator takes. Kept apart from the
 * operators themselves so validating a pack loads neither picomatch nor
 * json-rules-engine.
 */

/** json-rules-engine 7's built-in operators. */
export const BUILT_IN_OPERATORS: ReadonlySet<string> = new Set([
  'equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain',
  'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
]);

function strings(value: unknown, what: string): readonly string[] | string {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => typeof v === 'string' && v !== '')) return `its value must be a ${what} or a non-empty array of them`;
  return list as string[];
}

function addressPatterns(value: unknown): string | null {
  const list = strings(value, 'PCI address pattern');
  if (typeof list === 'string') return list;
  for (const p of list) {
    try {
      compileAddressPattern(p);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return null;
}

const globs = (value: unknown) => {
  const list = strings(value, 'glob pattern');
  return typeof list === 'string' ? list : null;
};

/** Custom operator name → check of its value (why it is wrong, or null). */
export const CUSTOM_OPERATOR_VALUE_CHECKS: Readonly<Record<string, (value: unknown) => string | null>> = {
  globMatch: globs,
  globNotMatch: globs,
  addressIn: addressPatterns,
  addressNotIn: addressPatterns,
  someNotIn: (value) => (Array.isArray(value) ? null : 'its value must be an array'),
  // Usually compared with another fact ({"fact": ..., "path": ...}), resolved at run time.
  sameSlot: (value) =>
    typeof value === 'object' && value !== null && 'fact' in value
      ? null
      : parsePciAddress(value)
        ? null
        : 'its value must be a PCI address dddd:bb:ss.f or a fact reference {"fact": ..., "path": ...}',
};
