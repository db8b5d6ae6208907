import type { MachineFamily } from '../catalog/machines.js';
import type { SourceLanguage } from '../frontends/graph-from-text.js';
import type { Edit } from '../fix/edit.js';
import type { RuleFixer } from '../fix/rule-fixer.js';
import type { DeviceGraph, GraphNode } from '../ir/graph.js';
import type { AddedController, PlacementPrediction } from '../placement/predict.js';
import type { Span } from '../syntax/source.js';
import type { XmlAttribute, XmlElement } from '../syntax/xml.js';
import type { Settings } from './settings.js';
import { packProblems } from './pack-check.js';

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
  /**
   * The rule judges what it checks without knowing the machine's buses
   * (ranges, duplicates, flags), so it still runs on a machine type pcilint
   * does not recognise; the others are skipped there (one diagnostic, not
   * guesses from a wrong root bus).
   */
  readonly machineIndependent?: boolean;
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

/**
 * Identity helper. A rule without `docs.url` gets its page from its pack:
 * definePack's `docs` folder (see there); elsewhere the url stays empty.
 */
export function defineRule(rule: {
  meta: Omit<RuleMeta, 'docs'> & { docs: { description: string; url?: string; rationale?: string } };
  check(graph: DeviceGraph, context: RuleContext): void;
}): Rule {
  const url = rule.meta.docs.url ?? '';
  return { meta: { ...rule.meta, docs: { ...rule.meta.docs, url } }, check: rule.check };
}

export interface RulePack {
  /** The id prefix of every rule in the pack: `common`, `q35`, `acme`. */
  readonly name: string;
  readonly description: string;
  /** Machine families the pack applies to, or `all`. */
  readonly families: readonly MachineFamily[] | 'all';
  readonly rules: readonly Rule[];
  /** Named configurations users extend as `plugin:<name>/<config>`; `recommended` is required. */
  readonly configs: { readonly recommended: PackConfig; readonly [name: string]: PackConfig };
  /**
   * JSON Schema for the pack's own settings, which users write under
   * `settings[<pack name>]` (core settings are a closed set; a pack's are its own).
   */
  readonly settingsSchema?: object;
  /** What `settings[<pack name>]` holds when no configuration sets it. */
  readonly defaultSettings?: Readonly<Record<string, unknown>>;
}

/** A configuration a pack ships: rule settings and, optionally, settings. */
export interface PackConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly settings?: Readonly<Record<string, unknown>>;
}

/**
 * Builds a pack whose recommended config turns every rule on at its default
 * severity, after checking it as the CLI's pack loader does (packProblems:
 * rule id prefix, known families, default severity, ...).
 *
 * `docs` is the folder holding one `<rule-name>.md` page per rule, shipped
 * inside the pack's npm package: pass `new URL('../docs/', import.meta.url)`.
 * Each rule without its own `docs.url` then points at its page there (a
 * `file:` URL), which `pcilint explain` prints without any network.
 */
export function definePack(
  pack: Omit<RulePack, 'configs'> & { configs?: RulePack['configs']; docs?: URL | string },
): RulePack {
  const problems = packProblems(pack);
  if (problems.length > 0) {
    throw new Error(`pack ${JSON.stringify(pack.name)} is not a valid pcilint rule pack: ${problems.join('; ')}`);
  }
  const { docs, ...rest } = pack;
  const rules = docs === undefined ? pack.rules : pack.rules.map((rule) => withDocsPage(rule, docs));
  const recommended = Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.defaultSeverity] as const));
  return { ...rest, rules, configs: pack.configs ?? { recommended: { rules: recommended } } };
}

function withDocsPage(rule: Rule, folder: URL | string): Rule {
  if (rule.meta.docs.url) return rule;
  const name = rule.meta.id.slice(rule.meta.id.indexOf('/') + 1);
  const url = new URL(`${name}.md`, folder).href;
  return { meta: { ...rule.meta, docs: { ...rule.meta.docs, url } }, check: rule.check.bind(rule) };
}
