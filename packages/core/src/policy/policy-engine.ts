import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { GraphNode } from '../ir/graph.js';
import type { DeclarativeRuleSpec, PolicyScope } from './declarative-pack.js';
import { resolveFactPath } from './fact-path.js';
import type { PolicyFacts } from './facts.js';
import { POLICY_OPERATORS } from './operators.js';

/*
 * The json-rules-engine adapter. Loaded only by evaluate-policy.ts's dynamic
 * import, so a run without declarative rules never loads json-rules-engine
 * (nor its JSONPath library, nor picomatch).
 *
 * One Engine per scope holds every enabled rule of that scope; the engines
 * are built once per configuration and machine family and reused for every
 * guest. A guest-scope engine runs once per guest, a device- or controller-
 * scope engine once per node, with the guest facts plus that node's fact as
 * runtime facts (plain objects handed over as they are: no copy, no path
 * parsing, see fact-path.ts).
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
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveFactPath as (value: object, path: string) => unknown });
  for (const op of POLICY_OPERATORS) engine.addOperator(op.name, op.evaluate);
  rules.forEach((rule, i) => {
    const properties: RuleProperties = {
      name: rule.id,
      conditions: rule.spec.conditions as unknown as TopLevelCondition,
      // Declaration order is report order within one node; priority keeps it stable.
      priority: rules.length - i,
      event: { type: rule.id },
    };
    engine.addRule(properties);
  });
  return engine;
}

export function compilePolicy(rules: readonly PolicyRuleInput[]): CompiledPolicy {
  const byScope = (scope: PolicyScope) => engineFor(rules.filter((r) => r.spec.scope === scope));
  const guestEngine = byScope('guest');
  const deviceEngine = byScope('device');
  const controllerEngine = byScope('controller');

  return {
    async evaluate(facts) {
      const findings: PolicyFinding[] = [];
      const guest = facts.guest;
      const fired = async (engine: Engine, runtime: Record<string, unknown>, node: GraphNode | null, data: Record<string, unknown>) => {
        const { events } = await engine.run(runtime);
        for (const event of events) findings.push({ ruleId: event.type, node, data });
      };
      if (guestEngine) await fired(guestEngine, { ...guest }, null, { ...guest });
      if (deviceEngine) {
        for (const { fact, node } of facts.devices) await fired(deviceEngine, { ...guest, device: fact }, node, { ...guest, ...fact, device: fact });
      }
      if (controllerEngine) {
        for (const { fact, node } of facts.controllers) {
          await fired(controllerEngine, { ...guest, controller: fact }, node, { ...guest, ...fact, controller: fact });
        }
      }
      return findings;
    },
  };
}
