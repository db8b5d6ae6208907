/**
 * The QEMU -device property each libvirt controller <target> option becomes
 * (qemuBuildControllerDevStr), so messages about a command line name what is
 * written there: `chassis_nr=`, not `chassisNr`.
 */
export const QEMU_PROPERTY: Readonly<Record<string, string>> = {
  chassisNr: 'chassis_nr',
  chassis: 'chassis',
  port: 'port',
  busNr: 'bus_nr',
  targetIndex: 'index',
  index: 'index',
  hotplug: 'hotplug',
  numaNode: 'numa_node',
};

/** The option's name as the input writes it: the QEMU property on a command line, libvirt's attribute in XML. */
export function optionName(option: string, language: string): string {
  return language === 'qemu-argv' ? (QEMU_PROPERTY[option] ?? option) : option;
}
