/**
 * `table[key]` for a key taken from the input: never an inherited property.
 * A plain object literal answers `constructor`, `valueOf` and `__proto__`
 * (the fuzzer found `arch='valueOf'` crashing the machine catalog).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
