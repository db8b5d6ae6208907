import { lazyModule, type ConfigLayer, type RuleSetting } from '@pcilint/core';
import { CliError, errorMessage } from './errors.js';

const yaml = lazyModule<typeof import('yaml')>('yaml', import.meta.url);

/**
 * Turns `--rule` values into one configuration layer. Each value is
 * `rule-id: setting`, where the setting is YAML/JSON (`off`, `2`,
 * `[warn, {"n": 2}]`), or a whole mapping `{a: off, b: [warn, 3]}` as
 * ESLint's levn syntax allows. Severities and options are validated later
 * by resolveConfig, which names the rule.
 */
export function parseRuleArgs(values: readonly string[]): ConfigLayer | null {
  if (values.length === 0) return null;
  const rules: Record<string, RuleSetting> = {};
  for (const value of values) Object.assign(rules, parseRuleArg(value));
  return { source: '--rule', rules };
}

function parseRuleArg(value: string): Record<string, RuleSetting> {
  const text = value.trim();
  if (text.startsWith('{')) {
    const parsed = parseValue(value, text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw invalid(value, 'expected a mapping of rule ids to settings');
    }
    return parsed as Record<string, RuleSetting>;
  }
  const colon = text.indexOf(':');
  if (colon <= 0) throw invalid(value, 'expected "rule-id: severity", e.g. "common/x: off"');
  const id = text.slice(0, colon).trim();
  const setting = text.slice(colon + 1).trim();
  if (setting === '') throw invalid(value, `no setting after "${id}:"`);
  return { [id]: parseValue(value, setting) as RuleSetting };
}

function parseValue(original: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: YAML flow syntax covers bare words such as [warn, {n: 2}].
  }
  try {
    return yaml().parse(text);
  } catch (error) {
    throw invalid(original, firstLine(errorMessage(error)));
  }
}

function invalid(value: string, why: string): CliError {
  return new CliError(`invalid --rule "${value}": ${why}`, { usageHint: true });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
