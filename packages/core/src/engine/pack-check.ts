import { MACHINE_FAMILIES } from '../catalog/machines.js';

const RULE_TYPES = ['problem', 'suggestion', 'layout'] as const;
const DEFAULT_SEVERITIES = ['warn', 'error'] as const;
const PACK_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Everything that keeps `value` from being a rule pack pcilint can run, one
 * sentence each, saying what to write instead. Empty when the pack is sound.
 *
 * One function for both doors into pcilint: `definePack` (a pack written in
 * TypeScript against @pcilint/core) and the CLI's pack loader (any module a
 * configuration names, possibly a plain object written without
 * @pcilint/core). Before, the loader checked less than definePack, so a
 * hand-written pack failed later, in resolveConfig or in the middle of a run,
 * one guess at a time.
 */
export function packProblems(value: unknown): string[] {
  if (!isObject(value)) {
    return ["the export is not an object: write `export default definePack({ name, description, families, rules })` with definePack from '@pcilint/core'"];
  }
  const problems: string[] = [];
  const name = value.name;
  const nameOk = typeof name === 'string' && PACK_NAME.test(name);
  if (typeof name !== 'string' || name === '') {
    problems.push(`"name" must be a non-empty string, the prefix of every rule id: write name: 'acme' for rules 'acme/...'`);
  } else if (!nameOk) {
    problems.push(`"name" is ${JSON.stringify(name)}: use lower-case letters, digits, '.', '_' and '-' only (it is the part of each rule id before the '/')`);
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    problems.push(`"description" must be a string: write description: 'what the pack checks'`);
  }
  problems.push(...familyProblems(value.families));
  if (!Array.isArray(value.rules)) {
    problems.push(`"rules" must be an array of rules: write rules: [myRule], each made with defineRule from '@pcilint/core'`);
    return problems;
  }
  const seen = new Set<string>();
  value.rules.forEach((rule, i) => {
    problems.push(...ruleProblems(rule, i, nameOk ? (name as string) : undefined, seen));
  });
  problems.push(...configProblems(value.configs));
  return problems;
}

function familyProblems(families: unknown): string[] {
  const known = MACHINE_FAMILIES.join(', ');
  if (families === 'all') return [];
  if (!Array.isArray(families) || families.length === 0) {
    return [`"families" must be 'all' or a non-empty array of machine families (${known}): write families: ['q35'] for a pack of q35 rules`];
  }
  return families.flatMap((family, i) =>
    typeof family === 'string' && (MACHINE_FAMILIES as readonly string[]).includes(family)
      ? []
      : [`families[${i}] is ${JSON.stringify(family)}, which is not a machine family: use one of ${known}`],
  );
}

function ruleProblems(rule: unknown, i: number, packName: string | undefined, seen: Set<string>): string[] {
  if (!isObject(rule) || !isObject(rule.meta)) {
    return [`rules[${i}] has no "meta" object: make the rule with defineRule({ meta: { id, type, docs, defaultSeverity, messages }, check })`];
  }
  const meta = rule.meta;
  const id = meta.id;
  if (typeof id !== 'string' || id === '') return [`rules[${i}] has no meta.id: write id: '${packName ?? 'pack'}/rule-name'`];
  const problems: string[] = [];
  const at = `rule "${id}"`;
  if (packName !== undefined && !id.startsWith(`${packName}/`)) {
    const rest = id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
    problems.push(`${at} must have an id starting with "${packName}/", the pack's name: write id: '${packName}/${rest}'`);
  }
  if (seen.has(id)) problems.push(`${at} appears twice in "rules": give each rule its own id`);
  seen.add(id);
  if (!(RULE_TYPES as readonly unknown[]).includes(meta.type)) {
    problems.push(`${at}: meta.type is ${describe(meta.type)}: write 'problem' (libvirt or QEMU refuses it, or it breaks the guest), 'suggestion' or 'layout'`);
  }
  if (!(DEFAULT_SEVERITIES as readonly unknown[]).includes(meta.defaultSeverity)) {
    problems.push(`${at}: meta.defaultSeverity is ${describe(meta.defaultSeverity)}: write 'error' (only for what libvirt or QEMU refuses) or 'warn'`);
  }
  if (!isObject(meta.docs) || typeof meta.docs.description !== 'string') {
    problems.push(`${at}: meta.docs.description is missing: write docs: { description: 'one sentence on what the rule reports' }`);
  } else if (meta.docs.url !== undefined && typeof meta.docs.url !== 'string') {
    problems.push(`${at}: meta.docs.url must be a string (the address of the rule's page) or left out`);
  }
  if (!isObject(meta.messages)) {
    problems.push(`${at}: meta.messages is missing: write messages: { someId: 'text with {{placeholders}}' } and report({ messageId: 'someId' })`);
  } else {
    for (const [key, text] of Object.entries(meta.messages)) {
      if (typeof text !== 'string') problems.push(`${at}: meta.messages.${key} must be a string`);
    }
  }
  if (meta.schema !== undefined && (meta.schema === null || typeof meta.schema !== 'object')) {
    problems.push(`${at}: meta.schema must be a JSON Schema object, or an array of them (one per option), or left out`);
  }
  if (typeof rule.check !== 'function') {
    problems.push(`${at} has no check() function: write check(graph, context) { ... context.report({ node, messageId }) }`);
  }
  return problems;
}

function configProblems(configs: unknown): string[] {
  if (configs === undefined) return [];
  const rules = isObject(configs) && isObject(configs.recommended) ? configs.recommended.rules : undefined;
  if (isObject(rules)) return [];
  return [`"configs.recommended.rules" must be an object of rule settings: write configs: { recommended: { rules: { 'acme/rule': 'warn' } } }, or leave "configs" out to enable every rule at its defaultSeverity`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}
