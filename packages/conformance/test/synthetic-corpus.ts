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
  /** q35 with one virtio NIC and nothing else that takes a PCI address but the implicit SATA. */
  q35PlacementInput: `<domain type='kvm'>
  <name>guest</name>
  <os>
    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
  </os>
  <devices>
    <controller type='usb' model='none'/>
    <interface type='user'>
      <model type='virtio'/>
    </interface>
    <memballoon model='none'/>
  </devices>
</domain>
`,
  /** What libvirt 9.0 writes for q35PlacementInput (latest caps); the NIC's bus is a parameter. */
  q35PlacementOutput: (nicBus: string) => `<domain type='kvm'>
  <name>guest</name>
  <os>
    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
  </os>
  <devices>
    <controller type='usb' index='0' model='none'/>
    <controller type='sata' index='0'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>
    </controller>
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'>
      <model name='pcie-root-port'/>
      <target chassis='1' port='0x8'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0' multifunction='on'/>
    </controller>
    <controller type='pci' index='2' model='pcie-root-port'>
      <model name='pcie-root-port'/>
      <target chassis='2' port='0x9'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x1'/>
    </controller>
    <interface type='user'>
      <mac address='52:54:00:00:00:01'/>
      <model type='virtio'/>
      <address type='pci' domain='0x0000' bus='${nicBus}' slot='0x00' function='0x0'/>
    </interface>
    <input type='mouse' bus='ps2'/>
    <input type='keyboard' bus='ps2'/>
    <memballoon model='none'/>
  </devices>
</domain>
`,
};

/** Line of the `model` attribute in XML.q35WrongRoot. */
export const WRONG_ROOT_LINE = 7;

const passRun = (mode: string) => ({ test: 'qemuxml2argvtest', mode, expect: 'pass' });
const errorRun = (mode: string) => ({ test: 'qemuxml2argvtest', mode, expect: 'parse-error' });
const xml2xmlRun = (mode: string, output: string) => ({ test: 'qemuxml2xmltest', mode, expect: 'pass', output });

/** Output files of the two placement cases. */
export const PLACEMENT_OUTPUTS = {
  exact: 'qemuxml2xmloutdata/q35-placement.x86_64-latest.xml',
  moved: 'qemuxml2xmloutdata/q35-placement-moved.x86_64-latest.xml',
};

/**
 * A tiny corpus in the manifest's shape:
 * - out-wrong-root: a fine input whose xml2xml output has a pci-root on q35 (a false error);
 * - q35-wrong-root: pciError input with a pci-root on q35 (a hit);
 * - pci-slot-invalid: pciError input pcilint finds nothing in (a miss);
 * - old-caps-only: pciError input refused only with older caps (a tagged miss);
 * - broken-output: no input, one malformed output (a fatal) and one missing output;
 * - q35-placement: a latest-caps xml2xml case whose predicted placement is libvirt's output (exact);
 * - q35-placement-moved: the same input, but the output has the NIC on bus 2 (a placement mismatch).
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
    'qemuxml2argvdata/q35-placement.xml': XML.q35PlacementInput,
    [PLACEMENT_OUTPUTS.exact]: XML.q35PlacementOutput('0x01'),
    'qemuxml2argvdata/q35-placement-moved.xml': XML.q35PlacementInput,
    [PLACEMENT_OUTPUTS.moved]: XML.q35PlacementOutput('0x02'),
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
      entry('q35-placement', {
        machineFamily: 'q35',
        xml2xml: [PLACEMENT_OUTPUTS.exact],
        runs: [passRun('latest-caps'), xml2xmlRun('latest-caps', PLACEMENT_OUTPUTS.exact)],
      }),
      entry('q35-placement-moved', {
        machineFamily: 'q35',
        xml2xml: [PLACEMENT_OUTPUTS.moved],
        runs: [passRun('latest-caps'), xml2xmlRun('latest-caps', PLACEMENT_OUTPUTS.moved)],
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

/**
 * The QEMU command line libvirt generates for XML.q35PlacementInput (latest
 * caps): root ports 1 and 2 at 00:01.0 and 00:01.1, the NIC on port 1.
 * `secondPort` moves port 2 elsewhere on pcie.0.
 */
export const qemuArgs = (secondPort = '0x1.0x1') => `LC_ALL=C \\
PATH=/bin \\
HOME=/tmp/lib/domain--1-guest \\
/usr/bin/qemu-system-x86_64 \\
-name guest=guest,debug-threads=on \\
-S \\
-machine pc-q35-7.2,usb=off,dump-guest-core=off \\
-accel kvm \\
-m 512 \\
-nodefaults \\
-device '{"driver":"pcie-root-port","port":8,"chassis":1,"id":"pci.1","bus":"pcie.0","multifunction":true,"addr":"0x1"}' \\
-device '{"driver":"pcie-root-port","port":9,"chassis":2,"id":"pci.2","bus":"pcie.0","addr":"${secondPort}"}' \\
-netdev user,id=hostnet0 \\
-device '{"driver":"virtio-net-pci","netdev":"hostnet0","id":"net0","mac":"52:54:00:00:00:01","bus":"pci.1","addr":"0x0"}' \\
-msg timestamp=on
`;

/** Files of the equivalence corpus. */
export const EQUIVALENCE_FILES = {
  sameArgs: 'qemuxml2argvdata/q35-same.x86_64-latest.args',
  sameXml: 'qemuxml2xmloutdata/q35-same.x86_64-latest.xml',
  movedArgs: 'qemuxml2argvdata/q35-moved-port.x86_64-latest.args',
  movedXml: 'qemuxml2xmloutdata/q35-moved-port.x86_64-latest.xml',
  fakeArgs: 'qemuxml2argvdata/q35-fake-caps.args',
  fakeXml: 'qemuxml2xmloutdata/q35-fake-caps.x86_64-latest.xml',
};

/**
 * A corpus for the equivalence metric (argv graph vs output-XML graph under the same caps):
 * - q35-same: the .args and the output XML agree (equivalent, PCI-related);
 * - q35-moved-port: the .args has root port 2 at 00:02.0, the XML at 00:01.1 (a difference, not PCI-related);
 * - q35-fake-caps: the argv run used fake caps, the xml2xml run the latest caps (no pair);
 * - no-args: a latest-caps pair whose .args is not on disk (unavailable).
 */
export function makeEquivalenceCorpus(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pcilint-conformance-eq-'));
  const f = EQUIVALENCE_FILES;
  const files: Record<string, string> = {
    'qemuxml2argvdata/q35-same.xml': XML.q35PlacementInput,
    [f.sameArgs]: qemuArgs(),
    [f.sameXml]: XML.q35PlacementOutput('0x01'),
    'qemuxml2argvdata/q35-moved-port.xml': XML.q35PlacementInput,
    [f.movedArgs]: qemuArgs('0x2'),
    [f.movedXml]: XML.q35PlacementOutput('0x01'),
    'qemuxml2argvdata/q35-fake-caps.xml': XML.q35PlacementInput,
    [f.fakeArgs]: qemuArgs(),
    [f.fakeXml]: XML.q35PlacementOutput('0x01'),
    'qemuxml2argvdata/no-args.xml': XML.q35PlacementInput,
    [f.sameXml.replace('q35-same', 'no-args')]: XML.q35PlacementOutput('0x01'),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const latest = { mode: 'latest-caps', capsArch: 'x86_64', capsVersion: 'latest' };
  const argvRun = (output: string, caps: Record<string, unknown> = latest) => ({ test: 'qemuxml2argvtest', expect: 'pass', output, ...caps });
  const xmlRun = (output: string, caps: Record<string, unknown> = latest) => ({ test: 'qemuxml2xmltest', expect: 'pass', output, ...caps });
  const entry = (name: string, pci: boolean, runs: unknown[]) => ({
    name,
    input: `qemuxml2argvdata/${name}.xml`,
    machineFamily: 'q35',
    xml2xml: [],
    err: [],
    errText: null,
    runs,
    pci,
    pciError: null,
  });
  const manifest = {
    description: 'synthetic equivalence corpus',
    libvirtVersion: '0.0.0-test',
    entries: [
      // libvirt's xml2xml test runs each case twice (inactive and active) with the same output: one pair.
      entry('q35-same', true, [argvRun(f.sameArgs), xmlRun(f.sameXml), xmlRun(f.sameXml)]),
      entry('q35-moved-port', false, [argvRun(f.movedArgs), xmlRun(f.movedXml)]),
      entry('q35-fake-caps', true, [
        argvRun(f.fakeArgs, { mode: 'fake-caps', qemuCaps: ['QEMU_CAPS_DEVICE_IOH3420', 'QEMU_CAPS_ICH9_AHCI'] }),
        xmlRun(f.fakeXml),
      ]),
      entry('no-args', true, [argvRun('qemuxml2argvdata/no-args.x86_64-latest.args'), xmlRun(f.sameXml.replace('q35-same', 'no-args'))]),
    ],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
