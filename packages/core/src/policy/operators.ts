import type Picomatch from 'picomatch';
import { lazyModule } from '../lazy-module.js';

const picomatch = lazyModule<typeof Picomatch>('picomatch', import.meta.url);
import { compileAddressPattern, parsePciAddress, sameSlot, type AddressMatcher } from './pci-address-pattern.js';

/*
 * The operators declarative rules get beside json-rules-engine's built-ins
 * (equal, in, contains, greaterThanInclusive, ...), for what those cannot say:
 * glob patterns on model names and comparisons of PCI addresses. Patterns are
 * compiled once per distinct pattern text and kept, since the same rule runs
 * against every device of every guest.
 */

export interface PolicyOperator {
  readonly name: string;
  /** `factValue` is the fact (at the condition's path); `value` what the rule wrote. */
  evaluate(factValue: unknown, value: unknown): boolean;
}

const globCache = new Map<string, (text: string) => boolean>();
function glob(pattern: string): (text: string) => boolean {
  let matcher = globCache.get(pattern);
  if (!matcher) {
    // Model names contain no '/': picomatch's path semantics reduce to plain shell globs with braces.
    matcher = picomatch()(pattern, { nocase: false, dot: true });
    globCache.set(pattern, matcher);
  }
  return matcher;
}

const addressCache = new Map<string, AddressMatcher>();
function addressPattern(pattern: string): AddressMatcher {
  let matcher = addressCache.get(pattern);
  if (!matcher) addressCache.set(pattern, (matcher = compileAddressPattern(pattern)));
  return matcher;
}

const patterns = (value: unknown): readonly string[] => (Array.isArray(value) ? value : [value]) as string[];

const globMatch: PolicyOperator = {
  name: 'globMatch',
  evaluate: (fact, value) => typeof fact === 'string' && patterns(value).some((p) => glob(p)(fact)),
};

const globNotMatch: PolicyOperator = {
  name: 'globNotMatch',
  evaluate: (fact, value) => typeof fact !== 'string' || !patterns(value).some((p) => glob(p)(fact)),
};

/** The fact address is one of the patterns or ranges; a fact without address never is. */
const addressIn: PolicyOperator = {
  name: 'addressIn',
  evaluate(fact, value) {
    const address = parsePciAddress(fact);
    return address !== null && patterns(value).some((p) => addressPattern(p)(address));
  },
};

const addressNotIn: PolicyOperator = {
  name: 'addressNotIn',
  evaluate: (fact, value) => parsePciAddress(fact) !== null && !addressIn.evaluate(fact, value),
};

/**
 * Both addresses are functions of one slot. The value is usually another
 * fact (`{"fact": "controller", "path": "$.address"}`), so it is checked only
 * when written as a literal.
 */
const sameSlotOperator: PolicyOperator = {
  name: 'sameSlot',
  evaluate(fact, value) {
    const a = parsePciAddress(fact);
    const b = parsePciAddress(value);
    return a !== null && b !== null && sameSlot(a, b);
  },
};

/** Some element of the fact array is not one of the values: "a port holds something other than a NIC". */
const someNotIn: PolicyOperator = {
  name: 'someNotIn',
  evaluate: (fact, value) => Array.isArray(fact) && Array.isArray(value) && fact.some((f) => !value.includes(f)),
};

export const POLICY_OPERATORS: readonly PolicyOperator[] = [globMatch, globNotMatch, addressIn, addressNotIn, sameSlotOperator, someNotIn];
