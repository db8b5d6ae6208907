import type { Engine, RuleProperties, TopLevelCondition } from 'json-rules-engine';
import { lazyModule } from '../lazy-module.js';
import type { GraphNode } from '../ir/graph.js';
import type { DeclarativeRuleSpec, PolicyScope } from './declarative-pack.js';
import { resolveFactPath } from './fact-path.js';
import type { PolicyFacts } from './facts.js';
import { POLICY_OPERATORS } from './operators.js';

// Required from this package's directory, as every third-party package of core is (lazy-module.ts), so the start-up
// bundle, which holds core, finds the copy core depends on.
const jsonRulesEngine = lazyModule<typeof import('json-rules-engine')>('json-rules-engine', import.meta.url);

/*
 * The json-rules-engine adapter. Loaded only by lint-async.ts's dynamic
 * import, so a run without declarative rules never loads json-rules-engine
 * (nor its JSONPath library, nor picomatch).
 *
 * The guest-scope rules share one Engine, run once per guest. Node rules are
 * in engines indexed by device kind and model / controller model (below), run once per
 * node with the guest facts plus that node's fact as runtime facts (plain
 * objects handed over as they are: no copy, no path parsing, see
 * fact-path.ts). Engines are built once per configuration and machine family
 * and reused for every guest.
 */

export interface PolicyRuleInput {
  readonly id: string;
  readonly spec: DeclarativeRuleSpec;
}

/** One rule that fired: which rule, about which node (null: the guest, or a node libvirt adds), and its template data. */
export interface PolicyFinding {
  readonly ruleId: string;
  readonly node: GraphNode | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface CompiledPolicy {
  evaluate(facts: PolicyFacts): Promise<PolicyFinding[]>;
}

function engineFor(rules: readonly PolicyRuleInput[]): Engine | null {
  if (rules.length === 0) return null;
  const engine = new (jsonRulesEngine().Engine)([], { allowUndefinedFacts: true, pathResolver: resolveFactPath as (value: object, path: string) => unknown });
  for (const op of POLICY_OPERATORS) engine.addOperator(op.name, op.evaluate);
  for (const rule of rules) {
    // One priority for all: json-rules-engine awaits each priority group in turn, and report
    // order does not depend on it (findings are sorted by position, then rule id).
    const properties: RuleProperties = { name: rule.id, conditions: rule.spec.conditions as unknown as TopLevelCondition, event: { type: rule.id } };
    engine.addRule(properties);
  }
  return engine;
}

/**
 * The node fields a scope's rules are indexed by. Most node rules name the
 * device kind and model, or the controller model, they are about in their
 * top-level `all`, and a rule that requires `kind == "disk"` cannot fire on
 * anything else. Each node then runs only the rules that can fire on its
 * kind and model (and the rules that name neither), and a node no rule can
 * fire on runs no engine at all: json-rules-engine costs about 35 µs per
 * run plus a few per rule evaluated (it clones each rule's conditions into
 * its result), so this is most of the speed of a large pack.
 */
const INDEX_FIELDS: Readonly<Record<'device' | 'controller', readonly string[]>> = { device: ['kind', 'model'], controller: ['model'] };
const INDEX_OPERATORS: ReadonlySet<string> = new Set(['equal', 'in', 'globMatch']);
const operatorByName = new Map(POLICY_OPERATORS.map((o) => [o.name, o.evaluate]));

type IndexTest = (values: readonly (string | null)[]) => boolean;

/**
 * What a rule requires of the index fields (`kind == "disk"`, `model in
 * [...]`, `model globMatch "pcie-*"` in its top-level `all`), as a test of a
 * node's values; null when it requires nothing of them.
 */
function indexTest(rule: PolicyRuleInput, scope: 'device' | 'controller'): IndexTest | null {
  const all = (rule.spec.conditions as { all?: readonly unknown[] }).all;
  if (!Array.isArray(all)) return null;
  const fields = INDEX_FIELDS[scope];
  const tests: IndexTest[] = [];
  for (const c of all as { fact?: unknown; path?: unknown; operator?: unknown; value?: unknown }[]) {
    if (c.fact !== scope || typeof c.path !== 'string' || !INDEX_OPERATORS.has(c.operator as string)) continue;
    const field = fields.findIndex((f) => c.path === `$.${f}` || c.path === f);
    if (field < 0) continue;
    // A value that is another fact is only known at run time.
    if (c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value)) continue;
    const expected = c.value;
    if (c.operator === 'equal') tests.push((v) => v[field] === expected);
    else if (c.operator === 'in') tests.push((v) => Array.isArray(expected) && expected.includes(v[field]));
    else tests.push((v) => operatorByName.get('globMatch')!(v[field], expected));
  }
  return tests.length === 0 ? null : (v) => tests.every((t) => t(v));
}

/** The engine for a node of a scope, by its index values: only the rules that can fire on it, built on first use. */
function indexedEngines(rules: readonly PolicyRuleInput[], scope: 'device' | 'controller') {
  const own = rules.filter((r) => r.spec.scope === scope).map((rule) => ({ rule, test: indexTest(rule, scope) }));
  const engines = new Map<string, Engine | null>();
  return (values: readonly (string | null)[]): Engine | null => {
    const key = JSON.stringify(values);
    let engine = engines.get(key);
    if (engine === undefined) {
      engine = engineFor(own.filter(({ test }) => test === null || test(values)).map(({ rule }) => rule));
      engines.set(key, engine);
    }
    return engine;
  };
}

export function compilePolicy(rules: readonly PolicyRuleInput[]): CompiledPolicy {
  const guestEngine = engineFor(rules.filter((r) => r.spec.scope === 'guest'));
  const deviceEngine = indexedEngines(rules, 'device');
  const controllerEngine = indexedEngines(rules, 'controller');

  return {
    async evaluate(facts) {
      const findings: PolicyFinding[] = [];
      const guest = facts.guest;
      const fired = async (engine: Engine, runtime: Record<string, unknown>, node: GraphNode | null, data: Record<string, unknown>) => {
        const { events } = await engine.run(runtime);
        for (const event of events) findings.push({ ruleId: event.type, node, data });
      };
      if (guestEngine) await fired(guestEngine, { ...guest }, null, { ...guest });
      for (const { fact, node } of facts.devices) {
        const engine = deviceEngine([fact.kind, fact.model]);
        if (engine) await fired(engine, { ...guest, device: fact }, node, { ...guest, ...fact, device: fact });
      }
      for (const { fact, node } of facts.controllers) {
        const engine = controllerEngine([fact.model]);
        if (engine) await fired(engine, { ...guest, controller: fact }, node, { ...guest, ...fact, controller: fact });
      }
      return findings;
    },
  };
}
