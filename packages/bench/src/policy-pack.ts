/**
 * A generated declarative pack of `count` rules for the policy benchmark:
 * a fixed mix of scopes (1/5 guest, 1/2 device, 3/10 controller) and of
 * operators (built-ins, globMatch, addressIn, someNotIn, fact-to-fact), with
 * conditions of three to four clauses as real policies have, a few of which
 * fire on the generated guests (about one finding per guest), so message
 * building is part of the cost.
 */
export function generatedPolicyPack(count: number): object {
  const rules: object[] = [];
  const models = ['virtio', 'e1000*', 'rtl8139', 'qemu-xhci', 'ich9-*', 'vfio-pci', 'ahci', '{virtio,e1000e}'];
  const kinds = ['interface', 'disk', 'controller', 'memballoon', 'hostdev', 'video', 'rng', 'sound'];
  for (let i = 0; i < count; i++) {
    const id = `rule-${String(i).padStart(3, '0')}`;
    const slot = i % 10;
    if (slot < 2) {
      rules.push({
        id,
        description: `guest rule ${i}`,
        scope: 'guest',
        conditions: {
          all: [
            { fact: 'machine', path: '$.family', operator: 'in', value: ['q35', 'i440fx', 'virt'] },
            { fact: 'free', path: '$.pcie', operator: 'lessThan', value: i % 3 },
            { fact: 'counts', path: '$.addedControllers', operator: 'greaterThan', value: 1 + (i % 4) },
            { fact: 'counts', path: '$.devices', operator: 'greaterThan', value: { fact: 'counts', path: '$.controllers' } },
          ],
        },
        message: 'guest rule {{free.pcie}} of {{counts.devices}}',
      });
    } else if (slot < 7) {
      rules.push({
        id,
        description: `device rule ${i}`,
        scope: 'device',
        conditions: {
          all: [
            { fact: 'device', path: '$.kind', operator: 'equal', value: kinds[i % kinds.length] },
            { fact: 'device', path: '$.model', operator: 'globMatch', value: models[i % models.length] },
            {
              any: [
                { fact: 'device', path: '$.address', operator: 'addressIn', value: [`0000:1${i % 4}:*.*`, '00:1f.0-00:1f.1'] },
                { fact: 'device', path: '$.bus.model', operator: 'equal', value: i % 2 ? 'pci-bridge' : 'dmi-to-pci-bridge' },
              ],
            },
          ],
        },
        message: '{{label}} at {{address}} on {{bus.model}}',
      });
    } else {
      rules.push({
        id,
        description: `controller rule ${i}`,
        scope: 'controller',
        conditions: {
          all: [
            { fact: 'controller', path: '$.model', operator: 'globMatch', value: i % 2 ? 'pcie-*-port' : '*bridge' },
            { fact: 'controller', path: '$.occupantKinds', operator: 'someNotIn', value: [kinds[i % kinds.length]] },
            { fact: 'controller', path: '$.occupants', operator: 'greaterThan', value: 1 + (i % 3) },
            { fact: 'controller', path: '$.hotplug', operator: 'notEqual', value: 'off' },
          ],
        },
        message: '{{model}} {{index}} holds {{occupantKinds}}',
      });
    }
  }
  return { name: 'bench-policy', description: `${count} generated declarative rules`, rules };
}
