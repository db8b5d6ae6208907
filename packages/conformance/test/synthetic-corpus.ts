import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const domain = (machine: string, root: string) => `<domain type='kvm'>
  <name>guest</name>
  <os>
    <type arch='x86_64' machine='${machine}'>hvm</type>
  </os>
  <devices>
    <controller type='pci' index='0' model='${root}'/>
  </devices>
</domain>
`;

export const XML = {
  q35Good: domain('q35', 'pcie-root'),
  /** common/root-model-matches-machine reports line 7. */
  q35WrongRoot: domain('q35', 'pci-root'),
  pcGood: domain('pc', 'pci-root'),
  malformed: `<domain type='kvm'>\n  <name>broken</name>\n`,
};

/** Line of the `model` attribute in XML.q35WrongRoot. */
export const WRONG_ROOT_LINE = 7;

const passRun = (mode: string) => ({ test: 'qemuxml2argvtest', mode, expect: 'pass' });
const errorRun = (mode: string) => ({ test: 'qemuxml2argvtest', mode, expect: 'parse-error' });

/**
 * A tiny corpus in the manifest's shape:
 * - out-wrong-root: a fine input whose xml2xml output has a pci-root on q35 (a false error);
 * - q35-wrong-root: pciError input with a pci-root on q35 (a hit);
 * - pci-slot-invalid: pciError input pcilint finds nothing in (a miss);
 * - old-caps-only: pciError input refused only with older caps (a tagged miss);
 * - broken-output: no input, one malformed output (a fatal) and one missing output.
 */
export function makeCorpus(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pcilint-conformance-'));
  const files: Record<string, string> = {
    'qemuxml2argvdata/out-wrong-root.xml': XML.q35Good,
    'qemuxml2xmloutdata/out-wrong-root.x86_64-latest.xml': XML.q35WrongRoot,
    'qemuxml2argvdata/q35-wrong-root.xml': XML.q35WrongRoot,
    'qemuxml2argvdata/pci-slot-invalid.xml': XML.pcGood,
    'qemuxml2argvdata/old-caps-only.xml': XML.pcGood,
    'qemuxml2xmloutdata/broken-output.xml': XML.malformed,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const entry = (name: string, fields: Record<string, unknown>) => ({
    name,
    input: `qemuxml2argvdata/${name}.xml`,
    machineFamily: 'i440fx',
    xml2xml: [],
    err: [],
    errText: null,
    runs: [passRun('latest-caps')],
    pci: true,
    pciError: null,
    ...fields,
  });
  const manifest = {
    description: 'synthetic test corpus',
    libvirtVersion: '0.0.0-test',
    entries: [
      entry('out-wrong-root', { machineFamily: 'q35', xml2xml: ['qemuxml2xmloutdata/out-wrong-root.x86_64-latest.xml'] }),
      entry('q35-wrong-root', {
        machineFamily: 'q35',
        errText: "XML error: The PCI controller with index='0' must be model='pcie-root'",
        runs: [errorRun('fake-caps')],
        pciError: true,
      }),
      entry('pci-slot-invalid', {
        errText: "XML error: Invalid PCI address slot='0x20', must be <= 0x1F",
        runs: [errorRun('no-caps')],
        pciError: true,
      }),
      entry('old-caps-only', {
        errText: "unsupported configuration: setting the 'hotplug' property on a 'pci-root' device is not supported by this QEMU binary",
        runs: [passRun('latest-caps'), errorRun('version-caps')],
        pciError: true,
      }),
      entry('broken-output', {
        input: null,
        xml2xml: ['qemuxml2xmloutdata/broken-output.xml', 'qemuxml2xmloutdata/missing.xml'],
      }),
    ],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}
