import type { Word } from '../../syntax/command-line.js';
import type { SourceProblem } from '../../ir/graph.js';

/** One option of the command line: `-device VALUE`, `-nodefaults`. */
export interface OptionUse {
  /** Without leading dashes: `device`, `M`, `nodefaults`. */
  readonly name: string;
  readonly nameWord: Word;
  readonly value: Word | null;
}

/**
 * QEMU options that take no argument (qemu-options.hx entries without
 * HAS_ARG, QEMU 7.2). Every other option consumes the next word, whatever it
 * looks like, so a value starting with `-` is never mistaken for an option.
 */
const FLAG_OPTIONS = new Set([
  'S', 's', 'nodefaults', 'no-acpi', 'no-hpet', 'no-user-config', 'nodefconfig', 'no-shutdown', 'no-reboot',
  'snapshot', 'usb', 'enable-kvm', 'no-kvm', 'nographic', 'daemonize', 'full-screen', 'version', 'help', 'h',
  'enable-fips', 'only-migratable', 'no-fd-bootchk', 'no-quit', 'portrait', 'alt-grab', 'ctrl-grab',
  'win2k-hack', 'rtc-td-hack', 'no-kvm-irqchip', 'no-kvm-pit', 'no-kvm-pit-reinjection', 'semihosting',
  'preconfig', 'curses', 'sdl', 'singlestep', 'xen-attach', 'xen-domid-restrict', 'async-teardown', 'no-frame',
]);

/** Splits the arguments after the program into options; stray words are disk images (`qemu img.qcow2`). */
export function splitOptions(args: readonly Word[], problems: SourceProblem[]): OptionUse[] {
  const options: OptionUse[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word.text.startsWith('-') || word.text === '-') continue;
    const name = word.text.replace(/^--?/, '');
    if (FLAG_OPTIONS.has(name)) {
      options.push({ name, nameWord: word, value: null });
      continue;
    }
    const value = args[i + 1];
    if (!value) {
      problems.push({ severity: 'error', message: `option '-${name}' requires an argument`, span: word.span });
      break;
    }
    options.push({ name, nameWord: word, value });
    i++;
  }
  return options;
}
