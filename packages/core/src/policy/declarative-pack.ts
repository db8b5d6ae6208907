import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { MACHINE_FAMILIES, type MachineFamily } from '../catalog/machines.js';
import { ConfigError } from '../engine/config.js';
import { definePack, type Rule, type RulePack } from '../engine/rule.js';
import { unsupportedPathReason } from './fact-path.js';
import { BUILT_IN_OPERATORS, CUSTOM_OPERATOR_VALUE_CHECKS } from './operator-values.js';

/*
 * A declarative pack: rules written as data (JSON or YAML) instead of code.
 * Each rule's conditions are json-rules-engine conditions over the facts of
 * facts.ts; the pack becomes an ordinary RulePack, so configuration
 * (severities, presets, `packs`) treats its rules like any other. Only
 * evaluation differs: json-rules-engine is asynchronous, so lintTextAsync
 * runs these rules after the synchronous TypeScript ones (lint-async.ts).
 */

export type PolicyScope = 'guest' | 'device' | 'controller';

/** One condition as json-rules-engine reads it. */
export type PolicyCondition =
  | { readonly all: readonly PolicyCondition[] }
  | { readonly any: readonly PolicyCondition[] }
  | { readonly not: PolicyCondition }
  | { readonly fact: string; readonly operator: string; readonly value: unknown; readonly path?: string };

export interface DeclarativeRuleSpec {
  readonly scope: PolicyScope;
  readonly conditions: PolicyCondition;
  /** The message template: `{{model}}` is the node fact's field, `{{machine.family}}` a guest fact's. */
  readonly message: string;
}

/** A rule of a declarative pack: configured like any rule, evaluated by lintTextAsync. */
export interface DeclarativeRule extends Rule {
  readonly declarative: DeclarativeRuleSpec;
}

export const DECLARATIVE_MESSAGE_ID = 'policy';

export function isDeclarativeRule(rule: Rule): rule is DeclarativeRule {
  return 'declarative' in rule && (rule as DeclarativeRule).declarative !== undefined;
}

/** The facts a rule of each scope can name; `device` and `controller` are the node under evaluation. */
export const FACTS_BY_SCOPE: Readonly<Record<PolicyScope, readonly string[]>> = {
  guest: ['machine', 'counts', 'free', 'placementError'],
  device: ['machine', 'counts', 'free', 'placementError', 'device'],
  controller: ['machine', 'counts', 'free', 'placementError', 'controller'],
};

const PACK_SCHEMA = {
  type: 'object',
  required: ['name', 'rules'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    description: { type: 'string' },
    families: {
      anyOf: [{ const: 'all' }, { type: 'array', items: { enum: MACHINE_FAMILIES }, minItems: 1 }],
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'scope', 'conditions', 'message', 'description'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$' },
          description: { type: 'string', minLength: 1 },
          url: { type: 'string' },
          type: { enum: ['problem', 'suggestion', 'layout'] },
          severity: { enum: ['warn', 'error'] },
          hotplugPolicy: { type: 'boolean' },
          scope: { enum: ['guest', 'device', 'controller'] },
          conditions: { type: 'object' },
          message: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

let validator: ValidateFunction | undefined;
function packValidator(): ValidateFunction {
  if (!validator) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    const ajv: AjvInstance = new Ajv({ allErrors: true, strict: false });
    validator = ajv.compile(PACK_SCHEMA);
  }
  return validator;
}

/** `/rules/2/conditions` → `rules[2].conditions`. */
function keyOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

function describeAjvError(e: ErrorObject): string {
  const key = keyOf(e.instancePath) || '(top level)';
  if (e.keyword === 'additionalProperties') return `${key}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required') return `${key}: missing key "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === 'enum') return `${key}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${key}: ${e.message}`;
}

/**
 * Checks one condition tree: the combinators, the facts the scope offers,
 * the operators, plain paths and each custom operator's value. Returns the
 * problems, each naming its key.
 */
function conditionProblems(condition: unknown, key: string, scope: PolicyScope, depth = 0): string[] {
  if (depth > 32) return [`${key}: conditions nest deeper than 32 levels`];
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return [`${key}: must be an object`];
  const c = condition as Record<string, unknown>;
  const combinators = ['all', 'any', 'not'].filter((k) => k in c);
  if (combinators.length > 1) return [`${key}: has both "${combinators[0]}" and "${combinators[1]}"; nest one inside the other`];
  if (combinators.length === 1) {
    const which = combinators[0];
    const extra = Object.keys(c).filter((k) => k !== which && k !== 'name' && k !== 'priority');
    if (extra.length > 0) return [`${key}: unknown key "${extra[0]}" beside "${which}"`];
    if (which === 'not') return conditionProblems(c.not, `${key}.not`, scope, depth + 1);
    const list = c[which];
    if (!Array.isArray(list) || list.length === 0) return [`${key}.${which}: must be a non-empty array of conditions`];
    return list.flatMap((sub, i) => conditionProblems(sub, `${key}.${which}[${i}]`, scope, depth + 1));
  }
  const problems: string[] = [];
  const facts = FACTS_BY_SCOPE[scope];
  for (const k of Object.keys(c)) {
    if (!['fact', 'operator', 'value', 'path', 'params', 'name', 'priority'].includes(k)) problems.push(`${key}: unknown key "${k}"`);
  }
  if (typeof c.fact !== 'string') problems.push(`${key}: missing key "fact" (or "all", "any", "not")`);
  else if (!facts.includes(c.fact)) problems.push(`${key}.fact: unknown fact "${c.fact}" for scope "${scope}" (facts: ${facts.join(', ')})`);
  if (c.path !== undefined) {
    const why = typeof c.path === 'string' ? unsupportedPathReason(c.path) : 'must be a string';
    if (why) problems.push(`${key}.path: ${why}`);
  }
  if (typeof c.operator !== 'string') problems.push(`${key}: missing key "operator"`);
  else if (!BUILT_IN_OPERATORS.has(c.operator) && !Object.hasOwn(CUSTOM_OPERATOR_VALUE_CHECKS, c.operator)) {
    const known = [...BUILT_IN_OPERATORS, ...Object.keys(CUSTOM_OPERATOR_VALUE_CHECKS)];
    problems.push(`${key}.operator: unknown operator "${c.operator}" (operators: ${known.join(', ')})`);
  }
  if (!('value' in c)) problems.push(`${key}: missing key "value"`);
  else if (c.value && typeof c.value === 'object' && !Array.isArray(c.value) && 'fact' in c.value) {
    const ref = c.value as { fact: unknown; path?: unknown };
    if (typeof ref.fact !== 'string' || !facts.includes(ref.fact)) problems.push(`${key}.value.fact: unknown fact ${JSON.stringify(ref.fact)} for scope "${scope}"`);
    if (ref.path !== undefined && (typeof ref.path !== 'string' || unsupportedPathReason(ref.path))) problems.push(`${key}.value.path: must be a plain property path`);
  } else if (typeof c.operator === 'string' && Object.hasOwn(CUSTOM_OPERATOR_VALUE_CHECKS, c.operator)) {
    const why = CUSTOM_OPERATOR_VALUE_CHECKS[c.operator](c.value);
    if (why) problems.push(`${key}.value: ${why}`);
  }
  return problems;
}

interface RawRule {
  id: string;
  description: string;
  url?: string;
  type?: 'problem' | 'suggestion' | 'layout';
  severity?: 'warn' | 'error';
  hotplugPolicy?: boolean;
  scope: PolicyScope;
  conditions: PolicyCondition;
  message: string;
}

/**
 * Validates parsed pack data and builds its RulePack. `source` (the file)
 * starts every error message; each problem names its key, all at once.
 */
export function declarativePack(data: unknown, source: string): RulePack {
  const validate = packValidator();
  // Structure (ajv) and conditions (below) are checked together, so one run names every problem.
  const problems = validate(data) ? [] : (validate.errors ?? []).map(describeAjvError);
  const rules = (data as { rules?: unknown } | null)?.rules;
  const pack = data as { name: string; description?: string; families?: 'all' | MachineFamily[]; rules: RawRule[] };
  const seen = new Set<string>();
  (Array.isArray(rules) ? rules : []).forEach((raw: Partial<RawRule> | null, i) => {
    if (!raw || typeof raw !== 'object') return;
    if (typeof raw.id === 'string' && typeof pack.name === 'string') {
      const id = fullId(pack.name, raw.id);
      if (!id.startsWith(`${pack.name}/`)) problems.push(`rules[${i}].id: "${raw.id}" must start with "${pack.name}/" (or have no prefix)`);
      if (seen.has(id)) problems.push(`rules[${i}].id: "${id}" is defined twice`);
      seen.add(id);
    }
    if (raw.scope && Object.hasOwn(FACTS_BY_SCOPE, raw.scope) && raw.conditions !== undefined) {
      problems.push(...conditionProblems(raw.conditions, `rules[${i}].conditions`, raw.scope));
    }
  });
  if (problems.length > 0) throw new ConfigError(`${source}: invalid declarative pack:\n  ${problems.join('\n  ')}`);

  return definePack({
    name: pack.name,
    description: pack.description ?? `Declarative rules from ${source}`,
    families: pack.families ?? 'all',
    rules: pack.rules.map((raw) => declarativeRule(pack.name, raw)),
  });
}

function fullId(packName: string, id: string): string {
  return id.includes('/') ? id : `${packName}/${id}`;
}

function declarativeRule(packName: string, raw: RawRule): DeclarativeRule {
  const id = fullId(packName, raw.id);
  return {
    meta: {
      id,
      type: raw.type ?? 'problem',
      docs: { description: raw.description, url: raw.url ?? '' },
      defaultSeverity: raw.severity ?? 'warn',
      ...(raw.hotplugPolicy ? { hotplugPolicy: true } : {}),
      messages: { [DECLARATIVE_MESSAGE_ID]: raw.message },
    },
    declarative: { scope: raw.scope, conditions: raw.conditions, message: raw.message },
    check() {
      // lintWithAnalysis skips declarative rules; only a caller that runs rules by hand gets here.
      throw new Error(`"${id}" is a declarative rule: lintTextAsync evaluates it (json-rules-engine is asynchronous)`);
    },
  };
}
