import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixText, lintText, lintTextAsync, resolveConfig, type LintMessage, type ResolvedConfig, type RulePack } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** What a golden file lists for each diagnostic: enough to pin it to a place. */
export interface ExpectedDiagnostic {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly messageId?: string;
  readonly severity?: 1 | 2;
  /** The rendered message, exactly (one line: what is wrong and what to change). */
  readonly message?: string;
  /** When present: the fix's replacement text (the fix must exist). */
  readonly fixText?: string;
}

/**
 * Registers uvu tests for every rule of `pack` from
 * `<fixturesRoot>/<rule-name>/`: each `valid-*.xml` must produce no diagnostic
 * from that rule, each `invalid-*.xml` exactly the ones listed in the
 * `invalid-*.expected.json` beside it. Each rule must have at least one of
 * each, so no rule ships untested. Only the rule under test is enabled (with
 * `invalid-*.options.json` / `*.settings.json` when present), so fixtures
 * stay independent of other rules.
 */
export function registerPackFixtureTests(pack: RulePack, fixturesRoot: string): void {
  for (const rule of pack.rules) {
    const id = rule.meta.id;
    const name = id.slice(pack.name.length + 1);
    const dir = join(fixturesRoot, name);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.xml')).sort() : [];
    const valid = files.filter((f) => f.startsWith('valid'));
    const invalid = files.filter((f) => f.startsWith('invalid'));

    test(`${id}: has valid and invalid fixtures`, () => {
      assert.ok(valid.length > 0, `${dir} has no valid-*.xml fixture`);
      assert.ok(invalid.length > 0, `${dir} has no invalid-*.xml fixture`);
    });

    for (const file of [...valid, ...invalid]) {
      test(`${id}: ${file}`, async () => {
        const base = join(dir, file.replace(/\.xml$/, ''));
        const config = onlyRuleConfig(pack, id, base);
        const text = readFileSync(join(dir, file), 'utf8');
        // lintTextAsync: declarative rules too (the synchronous lintText skips them).
        const result = await lintTextAsync(text, config);
        const fatal = result.messages.filter((m) => m.fatal);
        assert.equal(fatal.map((m) => m.message), [], `${file} does not parse`);
        assert.not.ok(result.skipped, `${file} was skipped: ${result.skipped}`);
        const actual = result.messages.filter((m) => m.ruleId === id);
        if (file.startsWith('valid')) {
          assert.equal(actual.map(describe), [], `${file} should not trigger ${id}`);
          return;
        }
        const expected = readJsonIfExists<ExpectedDiagnostic[]>(`${base}.expected.json`);
        assert.ok(expected, `${file} needs ${file.replace(/\.xml$/, '.expected.json')}`);
        assert.ok(expected!.length > 0, `${file}: an invalid fixture must expect at least one diagnostic`);
        assert.equal(actual.map((m) => `${m.line}:${m.column}`), expected!.map((e) => `${e.line}:${e.column}`), `${file}: positions`);
        expected!.forEach((e, i) => {
          const m = actual[i];
          assert.is(m.ruleId, e.ruleId);
          if (e.messageId) assert.is(m.messageId, e.messageId, `${file}: messageId of diagnostic ${i + 1}`);
          if (e.message !== undefined) assert.is(m.message, e.message, `${file}: message of diagnostic ${i + 1}`);
          if (e.fixText !== undefined) {
            assert.ok(m.fix, `${file}: diagnostic ${i + 1} should carry a fix`);
            assert.is(m.fix!.text, e.fixText);
          }
        });
      });
    }
  }
}

/**
 * Registers a test per before/after pair of every fixable rule of `pack`:
 * `invalid-X.xml` run through the real fix loop (fixText, only that rule on)
 * must give `valid-X.fixed.xml` byte for byte, and fixing that again must
 * change nothing (idempotence). The fixed file is named `valid-*` so the
 * fixture tests also check it no longer triggers the rule. Every fixable
 * rule needs at least one pair.
 */
export function registerFixPairTests(pack: RulePack, fixturesRoot: string): void {
  for (const rule of pack.rules.filter((r) => r.meta.fixable)) {
    const id = rule.meta.id;
    const dir = join(fixturesRoot, id.slice(pack.name.length + 1));
    const pairs = existsSync(dir) ? readdirSync(dir).filter((f) => /^valid-.*\.fixed\.xml$/.test(f)).sort() : [];
    test(`${id}: has a before/after fix pair`, () => {
      assert.ok(pairs.length > 0, `${dir} has no valid-*.fixed.xml beside an invalid-*.xml`);
    });
    for (const fixedName of pairs) {
      const invalidName = fixedName.replace(/^valid-/, 'invalid-').replace(/\.fixed\.xml$/, '.xml');
      test(`${id}: ${invalidName} fixes to ${fixedName}`, () => {
        const config = onlyRuleConfig(pack, id, join(dir, invalidName.replace(/\.xml$/, '')));
        const before = readFileSync(join(dir, invalidName), 'utf8');
        const fixed = fixText(before, config);
        assert.ok(fixed.fixed, `${invalidName} produced no fix`);
        assert.equal(fixed.notes, [], `${invalidName}: the fixer dropped or stopped a fix`);
        assert.fixture(fixed.output, readFileSync(join(dir, fixedName), 'utf8'));
        const again = fixText(fixed.output, config);
        assert.is(again.output, fixed.output, `${fixedName}: a second --fix changed it`);
        // The fix must not break what other rules of the pack check.
        const everyRule = resolveConfig([pack], []);
        const errors = (text: string) => lintText(text, everyRule).messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
        const added = errors(fixed.output).filter((r, i, all) => all.filter((x) => x === r).length > errors(before).filter((x) => x === r).length && all.indexOf(r) === i);
        assert.equal(added, [], `${invalidName}: the fixed file has errors the original did not`);
      });
    }
  }
}

/** Only `id` on (as error, with `<base>.options.json`), with `<base>.settings.json` when present. */
function onlyRuleConfig(pack: RulePack, id: string, base: string): ResolvedConfig {
  const options = readJsonIfExists<unknown[]>(`${base}.options.json`) ?? [];
  const settings = readJsonIfExists<Record<string, unknown>>(`${base}.settings.json`);
  const only = Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.id === id ? ['error', ...options] : 'off']));
  return resolveConfig([pack], [{ source: 'fixture', rules: only as never, settings }]);
}

function describe(m: LintMessage): string {
  return `${m.line}:${m.column} ${m.ruleId} ${m.message}`;
}

function readJsonIfExists<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

export { test };
