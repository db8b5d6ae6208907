import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText, resolveConfig, type LintMessage, type RulePack } from '@pcilint/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** What a golden file lists for each diagnostic: enough to pin it to a place. */
export interface ExpectedDiagnostic {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly messageId?: string;
  readonly severity?: 1 | 2;
  /** A substring the message must contain. */
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
      test(`${id}: ${file}`, () => {
        const base = join(dir, file.replace(/\.xml$/, ''));
        const options = readJsonIfExists<unknown[]>(`${base}.options.json`) ?? [];
        const settings = readJsonIfExists<Record<string, unknown>>(`${base}.settings.json`);
        const only = Object.fromEntries(pack.rules.map((r) => [r.meta.id, r.meta.id === id ? ['error', ...options] : 'off']));
        const config = resolveConfig([pack], [{ source: 'fixture', rules: only as never, settings }]);
        const text = readFileSync(join(dir, file), 'utf8');
        const result = lintText(text, config);
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
          if (e.message) assert.ok(m.message.includes(e.message), `${file}: "${m.message}" should contain "${e.message}"`);
          if (e.fixText !== undefined) {
            assert.ok(m.fix, `${file}: diagnostic ${i + 1} should carry a fix`);
            assert.is(m.fix!.text, e.fixText);
          }
        });
      });
    }
  }
}

function describe(m: LintMessage): string {
  return `${m.line}:${m.column} ${m.ruleId} ${m.message}`;
}

function readJsonIfExists<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

export { test };
