import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText, resolveConfig, type RulePack } from '@pcilint/core';
import { test } from '@pcilint/rule-tester';
import * as assert from 'uvu/assert';

/**
 * Before/after pairs for fixable rules: `invalid-X.xml` with its fixes
 * applied (a plain range splice, as the fixer would do in one pass) must
 * equal `valid-X.fixed.xml`, and the result must not trigger the rule again.
 * The fixed file is named `valid-*` so the fixture harness also checks it.
 */
export function registerFixPairTests(pack: RulePack, fixturesRoot: string, ruleIds: readonly string[]): void {
  for (const rule of pack.rules.filter((r) => r.meta.fixable && ruleIds.includes(r.meta.id))) {
    const id = rule.meta.id;
    const dir = join(fixturesRoot, id.slice(pack.name.length + 1));
    const pairs = existsSync(dir) ? readdirSync(dir).filter((f) => /^valid-.*\.fixed\.xml$/.test(f)).sort() : [];
    test(`${id}: has a before/after fix pair`, () => {
      assert.ok(pairs.length > 0, `${dir} has no valid-*.fixed.xml`);
    });
    for (const fixedName of pairs) {
      const invalidName = fixedName.replace(/^valid-/, 'invalid-').replace(/\.fixed\.xml$/, '.xml');
      test(`${id}: ${invalidName} fixes to ${fixedName}`, () => {
        const base = join(dir, invalidName.replace(/\.xml$/, ''));
        const settings = existsSync(`${base}.settings.json`) ? JSON.parse(readFileSync(`${base}.settings.json`, 'utf8')) : undefined;
        const only = Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.id === id ? 'error' : 'off']));
        const config = resolveConfig([pack], [{ source: 'fix-pair', rules: only as never, settings }]);
        const before = readFileSync(join(dir, invalidName), 'utf8');
        const fixes = lintText(before, config)
          .messages.filter((m) => m.ruleId === id && m.fix)
          .map((m) => m.fix!)
          .sort((a, b) => b.range[0] - a.range[0]);
        assert.ok(fixes.length > 0, `${invalidName} produced no fix`);
        let text = before;
        let limit = Infinity;
        for (const fix of fixes) {
          assert.ok(fix.range[1] <= limit, `${invalidName}: overlapping fixes`);
          text = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
          limit = fix.range[0];
        }
        assert.fixture(text, readFileSync(join(dir, fixedName), 'utf8'));
        const again = lintText(text, config).messages.filter((m) => m.ruleId === id || m.fatal);
        assert.equal(again.map((m) => `${m.line}:${m.column} ${m.message}`), [], `${fixedName} still triggers ${id}`);
      });
    }
  }
}
