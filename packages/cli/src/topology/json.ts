import type { TopologyPicture } from './picture.js';

/**
 * `pcilint topology --format json`: the topology document (issue 3's shape,
 * plus the machine's own functions), the refusals, and every finding with
 * where it points (`paths` of the devices and controllers, the function of
 * its `<address>`).
 */
export function topologyJson(picture: TopologyPicture): object {
  return {
    filePath: picture.filePath,
    ...picture.document,
    findings: picture.findings.map(({ number: _number, ...f }) => f),
  };
}
