import { defaultMachine, machineFamily, type MachineFamily } from '../../catalog/machines.js';
import type { SourceProblem } from '../../ir/graph.js';
import type { Word } from '../../syntax/command-line.js';
import { parseKeyvalOption, type OptionProperty } from '../../syntax/qemu-options.js';
import type { Span } from '../../syntax/source.js';
import type { OptionUse } from './options.js';

/** What the command line says about the machine, before any device. */
export interface ArgvMachine {
  readonly arch: string;
  readonly type: string;
  readonly family: MachineFamily;
  /** The machine type value when written (`-M q35`), else the program word. */
  readonly typeSpan: Span;
  readonly acpi: boolean;
  /** The machine creates its USB controller (`-usb`, `usb=on`). */
  readonly usb: boolean;
  readonly usbSpan: Span | null;
  readonly numaCells: number;
  /** QEMU's default devices (VGA, NIC) are created: no `-nodefaults`. */
  readonly defaults: boolean;
}

/** `qemu-system-ARCH` -> libvirt arch names (qemu-kvm and kvm are x86 builds). */
const PROGRAM_ARCH: Readonly<Record<string, string>> = {
  x86_64: 'x86_64', i386: 'i686', ppc64: 'ppc64', ppc: 'ppc', aarch64: 'aarch64', arm: 'armv7l',
  riscv64: 'riscv64', riscv32: 'riscv32', s390x: 's390x', mips64el: 'mips64el',
};

export function archOfProgram(program: string): string {
  const base = program.slice(program.lastIndexOf('/') + 1);
  const match = /^qemu-system-(.+)$/.exec(base);
  if (!match) return 'x86_64';
  return PROGRAM_ARCH[match[1]] ?? match[1];
}

const isOff = (v: string) => ['off', 'false', 'no', 'n'].includes(v);
const isOn = (v: string) => ['on', 'true', 'yes', 'y'].includes(v);

export function readMachine(program: Word, options: readonly OptionUse[], problems: SourceProblem[]): ArgvMachine {
  const arch = archOfProgram(program.text);
  let type: { value: string; span: Span } | null = null;
  let acpi = true;
  let usb: { on: boolean; span: Span } | null = null;
  let numaCells = 0;
  let defaults = true;
  for (const option of options) {
    switch (option.name) {
      case 'machine':
      case 'M': {
        const properties = parseOption(option, 'type', problems);
        for (const p of properties) {
          const value = String(p.value);
          if (p.key === 'type' && value !== 'help' && value !== '?') type = { value, span: p.valueSpan };
          else if (p.key === 'acpi') acpi = !isOff(value);
          else if (p.key === 'usb') usb = { on: isOn(value), span: p.span };
        }
        break;
      }
      case 'no-acpi':
        acpi = false;
        break;
      case 'usb':
        usb = { on: true, span: option.nameWord.span };
        break;
      case 'nodefaults':
        defaults = false;
        break;
      case 'numa': {
        const properties = parseOption(option, 'type', problems);
        if (properties.some((p) => p.key === 'type' && p.value === 'node')) numaCells++;
        break;
      }
    }
  }
  const machineType = type?.value ?? defaultMachine(arch);
  const family = machineFamily(arch, machineType);
  const typeSpan = type?.span ?? program.span;
  // pseries turns USB on by itself unless -nodefaults (hw/ppc/spapr.c; oracle: nec-usb-xhci at 00:01.0).
  const usbOn = usb?.on ?? (family === 'pseries' && defaults);
  return {
    arch,
    type: machineType,
    family,
    typeSpan,
    acpi,
    usb: usbOn,
    usbSpan: usbOn ? usb?.span ?? typeSpan : null,
    numaCells,
    defaults,
  };
}

/** Parses a keyval option value, turning syntax errors into problems. */
export function parseOption(option: OptionUse, impliedKey: string | null, problems: SourceProblem[]): readonly OptionProperty[] {
  if (!option.value) return [];
  const parsed = parseKeyvalOption(option.value, impliedKey);
  if (!parsed.ok) {
    problems.push({ severity: 'error', message: `-${option.name}: ${parsed.error.message}`, span: parsed.error.span });
    return [];
  }
  return parsed.properties;
}
