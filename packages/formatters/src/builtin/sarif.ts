import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SarifResultBuilder, SarifRuleBuilder } from 'node-sarif-builder';
import type { RuleMeta } from '@pcilint/core';
import type { FormatterContext } from '../context.js';
import type { FormatterMessage, FormatterResult } from '../formatter-results.js';
import { fingerprintsOf } from '../fingerprint.js';
import { repoRelativePath } from '../paths.js';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** Messages that belong to no rule: the file does not parse, or a command-line option is wrong. */
const INPUT_RULE = 'pcilint/input';
const FINGERPRINT_KEY = 'pcilintNodePath/v1';

// Required when first used, so runs in other formats do not load it (start-up time is measured).
const require = createRequire(import.meta.url);
const builders = () => require('node-sarif-builder') as typeof import('node-sarif-builder');

/**
 * SARIF 2.1.0 (built with node-sarif-builder, which also fills
 * `run.artifacts` and the rule and artifact indexes): one run whose
 * tool.driver.rules are every loaded rule (id, short description, help
 * URI, default level); results point at repository-relative artifact URIs
 * under the `%SRCROOT%` base (the repository root), with a region and, as
 * a logical location, the node's stable path; `partialFingerprints` hash
 * the rule, message kind and node path, not the line, so they survive
 * unrelated edits.
 */
export function formatSarif(results: readonly FormatterResult[], context: FormatterContext): string {
  const { SarifBuilder, SarifRuleBuilder, SarifRunBuilder } = builders();
  const root = context.srcRoot ?? context.cwd;
  const run = new SarifRunBuilder({
    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href } },
    columnKind: 'utf16CodeUnits',
  }).initSimple({ toolDriverName: 'pcilint', toolDriverVersion: context.toolVersion ?? '0.0.0', url: 'https://github.com/pcilint/pcilint' });

  const ruleIds = new Set(Object.keys(context.rulesMeta));
  const used = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId ?? INPUT_RULE)));
  for (const [id, meta] of Object.entries(context.rulesMeta)) run.addRule(ruleOf(id, meta));
  for (const id of [...used].filter((id) => !ruleIds.has(id)).sort()) {
    const description = id === INPUT_RULE ? 'The input could not be read: it does not parse, or a command-line option is invalid.' : id;
    run.addRule(new SarifRuleBuilder({ defaultConfiguration: { level: 'error' } }).initSimple({ ruleId: id, shortDescriptionText: description }));
  }

  for (const result of results) {
    const uri = repoRelativePath(result.filePath, context);
    const fingerprints = fingerprintsOf(uri, result.messages);
    result.messages.forEach((message, i) => run.addResult(resultOf(uri, message, fingerprints[i]!)));
  }

  const log = new SarifBuilder({ $schema: SCHEMA, version: '2.1.0' });
  log.addRun(run);
  const output = log.buildSarifOutput();
  // The builder lists artifacts by URI alone: give them the same base as the results.
  for (const artifact of output.runs[0]?.artifacts ?? []) if (artifact.location && !path.isAbsolute(artifact.location.uri ?? '')) artifact.location.uriBaseId = SRCROOT;
  return JSON.stringify(output, null, 2);
}

function ruleOf(id: string, meta: RuleMeta): SarifRuleBuilder {
  const why = meta.docs.rationale;
  // The why and the evidence (libvirt's and QEMU's own words) are the rule's help: code scanning shows it beside the alert.
  const help = why ? { help: { text: `${why} (pcilint explain ${id})`, markdown: `${why}\n\nMore: \`pcilint explain ${id}\`` } } : {};
  return new (builders().SarifRuleBuilder)({
    defaultConfiguration: { level: meta.defaultSeverity === 'error' ? 'error' : 'warning' },
    properties: { tags: [meta.type] },
    ...help,
  }).initSimple({ ruleId: id, shortDescriptionText: meta.docs.description, fullDescriptionText: why ?? meta.docs.description, ...(meta.docs.url ? { helpUri: meta.docs.url } : {}) });
}

function resultOf(uri: string, message: FormatterMessage, fingerprint: string): SarifResultBuilder {
  const builder = new (builders().SarifResultBuilder)({
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
  }).initSimple({
    level: message.fatal || message.severity === 2 ? 'error' : 'warning',
    messageText: message.message,
    ruleId: message.ruleId ?? INPUT_RULE,
  });
  builder.setLocationArtifactUri(path.isAbsolute(uri) || uri === '<text>' ? { uri: absoluteUri(uri) } : { uri, uriBaseId: SRCROOT });
  const startLine = Math.max(message.line || 1, 1);
  const startColumn = Math.max(message.column || 1, 1);
  const endLine = Math.max(message.endLine || startLine, startLine);
  const endColumn = Math.max(message.endColumn || startColumn, endLine === startLine ? startColumn : 1);
  builder.setLocationRegion({ startLine, startColumn, endLine, endColumn });
  if (message.nodePath) builder.result.locations![0]!.logicalLocations = [{ fullyQualifiedName: message.nodePath, kind: 'element' }];
  return builder;
}

/** A file outside the repository (or standard input) keeps an absolute URI. */
function absoluteUri(file: string): string {
  return file === '<text>' ? 'stdin' : pathToFileURL(file).href;
}
