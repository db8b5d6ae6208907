import type { MachineFamily } from '../catalog/machines.js';
import type { SourceLanguage } from '../frontends/graph-from-text.js';
import type { Edit } from '../fix/edit.js';
import type { RuleFixer } from '../fix/rule-fixer.js';
import type { DeviceGraph, GraphNode } from '../ir/graph.js';
import type { AddedController, PlacementPrediction } from '../placement/predict.js';
import type { Span } from '../syntax/source.js';
import type { XmlAttribute, XmlElement } from '../syntax/xml.js';
import type { Settings } from './settings.js';

export type Severity = 'off' | 'warn' | 'error';
export type SeverityLevel = 0 | 1 | 2;
/** How a rule is configured: `"warn"`, `2`, or `["error", {options}]`, as in ESLint. */
export type RuleSetting = Severity | SeverityLevel | readonly [Severity | SeverityLevel, ...unknown[]];

export interface RuleMeta {
  /** `pack/name`. */
  readonly id: string;
  readonly type: 'problem' | 'suggestion' | 'layout';
  readonly docs: {
    readonly description: string;
    readonly url: string;
    /**
     * Why the rule exists and the evidence for it (libvirt's or QEMU's own
     * refusal text, the source function), in plain text: what `explain` and
     * SARIF help text print. The message itself stays one short line saying
     * what is wrong and what to change.
     */
    readonly rationale?: string;
  };
  /**
   * `error` only for what libvirt or QEMU refuses; hotplug policy and best
   * practice default to `warn`.
   */
  readonly defaultSeverity: 'warn' | 'error';
  readonly fixable?: boolean;
  /** The rule only expresses a hotplug or capacity policy, not a refusal. */
  readonly hotplugPolicy?: boolean;
  /** JSON Schema for the options: an array of positional schemas, or one schema for the whole array. */
  readonly schema?: readonly object[] | object;
  readonly messages: Readonly<Record<string, string>>;
}

/**
 * Builds a report's fix, ESLint-style: one edit, several (merged into one),
 * or null when no sound fix exists. Called only when fixes are wanted.
 */
export type FixFunction = (fixer: RuleFixer) => Edit | readonly (Edit | null)[] | null;

export type Locatable = Span | XmlAttribute | XmlElement;

export interface ReportDescriptor {
  /** The graph node the problem is about; its source start tag is the default location. */
  readonly node?: GraphNode;
  /** A more precise location: an attribute, an element, or a span. */
  readonly at?: Locatable | null;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly fix?: FixFunction | null;
}

export interface RuleContext {
  readonly id: string;
  readonly options: readonly unknown[];
  readonly settings: Settings;
  readonly sourceText: string;
  readonly language: SourceLanguage;
  /**
   * libvirt's placement of this file with its settings (QEMU capabilities,
   * host-device isolation groups): computed once per file, shared by every
   * rule, the fixer and `pcilint topology`.
   */
  readonly prediction: PlacementPrediction;
  /** The same prediction with controllers a fix would add, for fixes that size themselves. */
  predictWith(added: readonly AddedController[]): PlacementPrediction;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(graph: DeviceGraph, context: RuleContext): void;
}

const DOCS_BASE = 'https://github.com/pcilint/pcilint/blob/main/docs/rules/';

/** Identity helper that fills the docs URL from the id when omitted. */
export function defineRule(rule: {
  meta: Omit<RuleMeta, 'docs'> & { docs: { description: string; url?: string; rationale?: string } };
  check(graph: DeviceGraph, context: RuleContext): void;
}): Rule {
  const url = rule.meta.docs.url ?? `${DOCS_BASE}${rule.meta.id}.md`;
  return { meta: { ...rule.meta, docs: { ...rule.meta.docs, url } }, check: rule.check };
}

export interface RulePack {
  /** The id prefix of every rule in the pack: `common`, `q35`, `acme`. */
  readonly name: string;
  readonly description: string;
  /** Machine families the pack applies to, or `all`. */
  readonly families: readonly MachineFamily[] | 'all';
  readonly rules: readonly Rule[];
  readonly configs: { readonly recommended: { readonly rules: Readonly<Record<string, RuleSetting>> } };
}

/**
 * Builds a pack whose recommended config turns every rule on at its default
 * severity, and checks that rule ids carry the pack's prefix.
 */
export function definePack(pack: Omit<RulePack, 'configs'> & { configs?: RulePack['configs'] }): RulePack {
  for (const rule of pack.rules) {
    if (!rule.meta.id.startsWith(pack.name + '/')) {
      throw new Error(`Rule "${rule.meta.id}" in pack "${pack.name}" must have an id starting with "${pack.name}/"`);
    }
  }
  const recommended = Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.defaultSeverity] as const));
  return { ...pack, configs: pack.configs ?? { recommended: { rules: recommended } } };
}
