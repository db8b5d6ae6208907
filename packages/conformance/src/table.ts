import type { ConformanceReport } from './run.js';
import type { ThresholdCheck } from './thresholds.js';

type Align = 'left' | 'right';

/** Plain-text table with a header rule; columns sized to their widest cell. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function thresholdText(check: ThresholdCheck): string {
  return `${check.comparison} ${check.kind === 'rate' ? percent(check.threshold) : String(check.threshold)}`;
}

function valueText(check: ThresholdCheck): string {
  const value = check.kind === 'rate' ? percent(check.value) : String(check.value);
  return check.detail ? `${value} (${check.detail})` : value;
}

const status = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

/** The human-readable report: metric table, recall, placement and equivalence per family, then the lists. */
export function formatReport(report: ConformanceReport, options: { readonly verbose?: boolean } = {}): string {
  const verbose = options.verbose === true;
  const { parse, falseErrors, recall, placement, equivalence } = report;
  const out: string[] = [];
  const section = (title: string, lines: readonly string[], empty = '  none') => {
    out.push('', title, ...(lines.length > 0 ? lines : [empty]));
  };

  const version = report.corpus.libvirtVersion ? `libvirt ${report.corpus.libvirtVersion} ` : '';
  const packs = report.packs.map((p) => `${p.name} (${p.rules} rule${p.rules === 1 ? '' : 's'})`).join(', ');
  out.push(`pcilint conformance: ${version}corpus ${report.corpus.dir} (${report.corpus.entries} entries)`);
  out.push(`packs: ${packs}; recommended config, default settings`);
  out.push('');
  const overall = report.checks.filter((c) => !c.id.startsWith('recall:') && !c.id.startsWith('placement:') && !c.id.startsWith('equivalence:'));
  out.push(
    renderTable(
      ['Metric', 'Value', 'Threshold', 'Status'],
      overall.map((c) => [c.label, valueText(c), thresholdText(c), status(c.pass)]),
    ),
  );

  if (report.fixRoundTrip.failures.length > 0) {
    section(
      `--fix round trip failures (${report.fixRoundTrip.failures.length})`,
      report.fixRoundTrip.failures.map((f) => `  ${f.file}: ${f.problem}: ${f.detail}`),
    );
  }

  out.push('', 'Recall by machine family');
  const familyRows = Object.entries(recall.byFamily).map(([family, r]) => {
    const check = report.checks.find((c) => c.id === `recall:${family}`);
    return [family, String(r.cases), String(r.hits), percent(r.rate), check ? thresholdText(check) : '-', check ? status(check.pass) : '-'];
  });
  const totalCheck = report.checks.find((c) => c.id === 'recall');
  familyRows.push([
    'all',
    String(recall.cases),
    String(recall.hits),
    percent(recall.rate),
    totalCheck ? thresholdText(totalCheck) : '-',
    totalCheck ? status(totalCheck.pass) : '-',
  ]);
  out.push(
    renderTable(['Family', 'Cases', 'Hits', 'Recall', 'Threshold', 'Status'], familyRows, ['left', 'right', 'right', 'right', 'left', 'left']),
  );
  if (report.uncheckedFamilyThresholds.length > 0) {
    out.push(`(thresholds for families with no case in this corpus, not checked: ${report.uncheckedFamilyThresholds.join(', ')})`);
  }

  out.push('', 'Placement (latest-caps xml2xml) by machine family');
  const placementRows = Object.entries(placement.byFamily).map(([family, f]) => {
    const check = report.checks.find((c) => c.id === `placement:${family}`);
    return [
      family,
      String(f.cases),
      String(f.exact),
      percent(f.rate),
      `${f.pciExact}/${f.pciCases}`,
      check ? thresholdText(check) : '-',
      check ? status(check.pass) : '-',
    ];
  });
  const placementCheck = report.checks.find((c) => c.id === 'placementRate');
  placementRows.push([
    'all',
    String(placement.cases),
    String(placement.exact),
    percent(placement.rate),
    `${placement.pciExact}/${placement.pciCases}`,
    placementCheck ? thresholdText(placementCheck) : '-',
    placementCheck ? status(placementCheck.pass) : '-',
  ]);
  out.push(
    renderTable(
      ['Family', 'Cases', 'Exact', 'Rate', 'PCI exact', 'Threshold', 'Status'],
      placementRows,
      ['left', 'right', 'right', 'right', 'right', 'left', 'left'],
    ),
  );
  if (report.uncheckedPlacementFamilyThresholds.length > 0) {
    out.push(`(thresholds for families with no case in this corpus, not checked: ${report.uncheckedPlacementFamilyThresholds.join(', ')})`);
  }
  const mf = placement.multifunction;
  out.push(`multifunction='on' on function 0: ${mf.agree}/${mf.checked} agree (informational)`);

  out.push('', 'Equivalence (argv vs XML) by machine family');
  const equivalenceRows = Object.entries(equivalence.byFamily).map(([family, f]) => {
    const check = report.checks.find((c) => c.id === `equivalence:${family}`);
    return [family, String(f.pairs), String(f.equivalent), percent(f.rate), check ? thresholdText(check) : '-', check ? status(check.pass) : '-'];
  });
  const equivalenceCheck = report.checks.find((c) => c.id === 'equivalenceRate');
  equivalenceRows.push([
    'all',
    String(equivalence.pairs),
    String(equivalence.equivalent),
    percent(equivalence.rate),
    equivalenceCheck ? thresholdText(equivalenceCheck) : '-',
    equivalenceCheck ? status(equivalenceCheck.pass) : '-',
  ]);
  out.push(
    renderTable(
      ['Family', 'Pairs', 'Equivalent', 'Rate', 'Threshold', 'Status'],
      equivalenceRows,
      ['left', 'right', 'right', 'right', 'left', 'left'],
    ),
  );
  if (report.uncheckedEquivalenceFamilyThresholds.length > 0) {
    out.push(`(thresholds for families with no case in this corpus, not checked: ${report.uncheckedEquivalenceFamilyThresholds.join(', ')})`);
  }

  section(
    `Fatal XML parse errors (${parse.fatals.length}; libvirt's files are well-formed, so each is a pcilint bug)`,
    parse.fatals.map((f) => `  ${f.file}:${f.line}:${f.column}  ${f.message}`),
  );
  section(
    `Crashes (${parse.crashes.length}; lintText threw)`,
    parse.crashes.flatMap((c) => [
      `  ${c.file}: ${c.error}`,
      ...(verbose && c.stack ? c.stack.split('\n').map((l) => `      ${l}`) : []),
    ]),
  );
  section(
    `False errors (${falseErrors.count}; error diagnostics on outputs libvirt accepted)`,
    falseErrors.errors.map((e) => `  ${e.file}:${e.line}:${e.column}  ${e.ruleId}  ${e.message}`),
  );
  section(
    `libvirt accepts, QEMU refuses (verified) (${falseErrors.knownRefusals.length}; not counted as false errors)`,
    falseErrors.knownRefusals.flatMap((e) => [
      `  ${e.file}:${e.line}:${e.column}  ${e.ruleId}  ${e.message}`,
      `      reason: ${e.reason}`,
      `      evidence: ${e.evidence}`,
    ]),
  );
  if (falseErrors.staleRefusals.length > 0) {
    section(
      `Stale known-qemu-refusals.json entries (${falseErrors.staleRefusals.length}; matched no diagnostic)`,
      falseErrors.staleRefusals.map((r) => `  ${r.file}${r.line === null ? '' : `:${r.line}`}  ${r.ruleId}`),
    );
  }
  section(
    `Recall misses (${recall.misses.length} of ${recall.cases}; libvirt refuses, pcilint reports no error)`,
    recall.misses.flatMap((m) => [
      `  ${m.name} [${m.family}]${m.olderCapsOnly ? ' (fails only with older QEMU caps)' : ''}`,
      `      libvirt: ${m.errText ?? '(no error text)'}`,
      ...(m.problem ? [`      pcilint: ${m.problem}`] : []),
      ...(verbose && m.warningRules.length > 0 ? [`      warnings: ${m.warningRules.join(', ')}`] : []),
    ]),
  );
  section(
    `Placement differences (${placement.mismatches.length} of ${placement.cases}; first difference per case, * = PCI-related)`,
    placement.mismatches.map(
      (r) => `  ${r.pci ? '*' : ' '} ${r.name} [${r.family}]: ${r.firstDifference}${r.differences > 1 ? ` (+${r.differences - 1} more)` : ''}`,
    ),
  );
  if (placement.predictedOnlyCases.length > 0) {
    section(
      `Predicted PCI addresses the output has no PCI address for (${placement.predictedOnlyCases.length} cases; counted as placement differences)`,
      placement.predictedOnlyCases.flatMap((r) => [
        `  ${r.pci ? '*' : ' '} ${r.name} [${r.family}]: ${r.predictedOnly[0]}${r.predictedOnly.length > 1 ? ` (+${r.predictedOnly.length - 1} more)` : ''}`,
        ...(verbose ? r.predictedOnly.slice(1).map((d) => `        ${d}`) : []),
      ]),
    );
  }
  section(
    `Equivalence differences (${equivalence.mismatches.length} of ${equivalence.pairs}; argv graph vs XML graph under the same caps, * = PCI-related)`,
    equivalence.mismatches.flatMap((r) => [
      `  ${r.pci ? '*' : ' '} ${r.name} [${r.family}]: ${r.args}${r.equivalent ? ' (equivalent; argv problems only)' : ''}`,
      ...r.differences.map((d) => `      ${d}`),
      ...r.argvProblems.map((p) => `      argv: ${p}`),
    ]),
  );

  if (verbose) {
    section(
      `Recall hits (${recall.hits})`,
      recall.results.filter((r) => r.hit).map((r) => `  ${r.name} [${r.family}]: ${r.errorRules.join(', ')}`),
    );
    const ruleRows = Object.entries(report.falseErrors.byRule)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, t]) => [id, String(t.errors), String(t.warnings), t.hotplugPolicy ? 'yes' : '']);
    out.push('', `Diagnostics on libvirt outputs by rule (hotplug-policy errors are not false errors: ${falseErrors.hotplugPolicyErrors})`);
    out.push(ruleRows.length > 0 ? renderTable(['Rule', 'Errors', 'Warnings', 'Hotplug policy'], ruleRows, ['left', 'right', 'right']) : '  none');
    section(`Skipped files (${parse.skipped.length}; not a libvirt <domain>)`, parse.skipped.map((s) => `  ${s.file}: ${s.reason}`));
    section(`Listed files missing on disk (${parse.missing.length})`, parse.missing.map((f) => `  ${f}`));
    section(`pciError cases without an input on disk (${recall.unavailable.length})`, recall.unavailable.map((n) => `  ${n}`));
    section(
      `Placement cases whose input or output is not on disk (${placement.unavailable.length})`,
      placement.unavailable.map((n) => `  ${n}`),
    );
    section(
      `Equivalence pairs whose argv or XML has no device graph (${equivalence.unavailable.length})`,
      equivalence.unavailable.map((n) => `  ${n}`),
    );
    section(`multifunction='on' disagreements (${mf.disagreements.length})`, mf.disagreements.map((d) => `  ${d}`));
  } else {
    const notes: string[] = [];
    if (parse.skipped.length > 0) notes.push(`${parse.skipped.length} files skipped (not a <domain>)`);
    if (parse.missing.length > 0) notes.push(`${parse.missing.length} listed files missing on disk`);
    if (recall.unavailable.length > 0) notes.push(`${recall.unavailable.length} pciError cases without input`);
    if (placement.unavailable.length > 0) notes.push(`${placement.unavailable.length} placement cases without input or output`);
    if (equivalence.unavailable.length > 0) notes.push(`${equivalence.unavailable.length} equivalence pairs without a device graph`);
    if (mf.disagreements.length > 0) notes.push(`${mf.disagreements.length} multifunction disagreements`);
    if (notes.length > 0) out.push('', `Note: ${notes.join('; ')} (see --verbose).`);
  }

  const failed = report.checks.filter((c) => !c.pass);
  out.push('');
  out.push(
    failed.length === 0
      ? 'Result: PASS (every metric reaches its threshold)'
      : `Result: FAIL (${failed.length} below threshold: ${failed.map((c) => c.id).join(', ')})`,
  );
  out.push(`Linted ${report.filesLinted} files in ${(report.durationMs / 1000).toFixed(2)} s.`);
  return out.join('\n') + '\n';
}
