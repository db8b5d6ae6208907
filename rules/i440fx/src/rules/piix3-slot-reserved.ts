import { addressFieldLocation, defineRule, messageLabel, placementLabel, validPlacements, type Placement, type RuleFixer } from '@pcilint/core';
import {
  PIIX3_IDE_FUNCTION, PIIX3_USB_FUNCTION, isConsoleCopy, isPiix3Usb0, isPrimaryIde, libvirtPlacesPiix3Usb, onPiix3Slot,
} from '../util/piix3.js';

/**
 * (qemuDomainValidateDevicePCISlotsPIIX3, src/qemu/qemu_domain_address.c:1755):
 * - IDE index 0 must be at 00:01.1 ("Primary IDE controller must have PCI
 *   address 0:0:1.1");
 * - USB index 0 of model piix3-uhci (or no model) must be at 00:01.2 ("PIIX3
 *   USB controller at index 0 must have PCI address 0:0:1.2");
 * - when libvirt puts that USB controller at 00:01.2 itself, anything written
 *   there is a double use, even though the XML shows no USB controller.
 * 00:01.0, 00:01.1 and 00:01.3 squatters and two explicit users of 00:01.2
 * are common/address-conflict's; functions 4-7 are i440fx/piix3-slot-shared's.
 * All three cases were refused by the libvirt 9.0 oracle.
 */
export default defineRule({
  meta: {
    id: 'i440fx/piix3-slot-reserved',
    type: 'problem',
    docs: {
      description:
        'On i440fx, IDE controller index 0 must stay at 00:01.1 and the PIIX3 USB controller index 0 at 00:01.2, and nothing else may take 00:01.2 while libvirt puts that USB controller there.',
      rationale:
        "On i440fx the PIIX3 chipset is slot 1 of pci.0: IDE at 00:01.1 and, for a piix3-uhci controller with index 0, USB at 00:01.2. libvirt refuses them elsewhere (\"Primary IDE controller must have PCI address 0:0:1.1\", \"PIIX3 USB controller at index 0 must have PCI address 0:0:1.2\") and another device at 00:01.2 while it adds that controller (\"Attempted double use of PCI Address 0000:00:01.2\").",
    },
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      ideMoved: "IDE controller index 0 must be at 00:01.1, not {{address}}: drop the address.",
      usbMoved: "{{label}} must be at 00:01.2, not {{address}}: drop the address.",
      usbFunction: "{{label}} is at 00:01.2, where libvirt puts {{usb}}: drop the address.",
      usbFunctionArgv: "{{label}} is at 00:01.2, the PIIX3 USB function: change its addr=.",
    },
  },
  check(graph, context) {
    const usbComesTo012 = libvirtPlacesPiix3Usb(graph);
    const usb0 = graph.devices.find((d) => d.origin === 'written' && d.controllerType === 'usb' && d.controllerIndex === 0);
    const usbLabel = usb0 ? messageLabel(usb0, graph) : 'its default USB controller';
    for (const p of validPlacements(graph)) {
      const node = p.node;
      // Without the address libvirt puts IDE 0 and PIIX3 USB 0 back on their
      // functions, and anything else on a free slot.
      const address = p.address.element;
      const fix = (fixer: RuleFixer) => fixer.removeElement(address);
      // libvirt pins IDE 0 and PIIX3 USB 0 to 00:01.1 and 00:01.2; QEMU takes them anywhere.
      const pinnedByLibvirt = context.language !== 'qemu-argv';
      if (pinnedByLibvirt && isPrimaryIde(node)) {
        if (!isAt(p, PIIX3_IDE_FUNCTION)) {
          context.report({ node, at: firstWrongField(p, PIIX3_IDE_FUNCTION), messageId: 'ideMoved', data: { address: placementLabel(p) }, fix });
        }
        continue;
      }
      if (pinnedByLibvirt && isPiix3Usb0(node)) {
        if (!isAt(p, PIIX3_USB_FUNCTION)) {
          context.report({ node, at: firstWrongField(p, PIIX3_USB_FUNCTION), messageId: 'usbMoved', data: { label: messageLabel(node, graph), address: placementLabel(p) }, fix });
        }
        continue;
      }
      if (!usbComesTo012 || !isAt(p, PIIX3_USB_FUNCTION) || isConsoleCopy(node)) continue;
      if (node.kind === 'controller' && node.info?.root) continue;
      context.report({ node, at: p.address.element, messageId: context.language === 'qemu-argv' ? 'usbFunctionArgv' : 'usbFunction', data: { label: messageLabel(node, graph), usb: usbLabel }, fix });
    }
  },
});

function isAt(p: Placement, fn: number): boolean {
  return onPiix3Slot(p) && p.function === fn;
}

/** Where the diagnostic points: the first address field that differs from 00:01.fn. */
function firstWrongField(p: Placement, fn: number) {
  if (p.bus !== 0) return addressFieldLocation(p.address, 'bus');
  if (!onPiix3Slot(p)) return addressFieldLocation(p.address, 'slot');
  return addressFieldLocation(p.address, p.function !== fn ? 'function' : 'slot');
}
