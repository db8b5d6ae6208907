/*
 * The path resolver json-rules-engine is given instead of its JSONPath one:
 * a condition's `path` is a plain property path (`$.bus.model`,
 * `devicesByModel.e1000`, `pciePorts[0]`), split once per distinct path and
 * then walked, so evaluating a rule never parses a path. JSONPath filters and
 * wildcards are not supported; the facts are shaped so rules need none.
 */

const segmentsCache = new Map<string, readonly string[]>();

/** `$.a.b[0]` → ['a', 'b', '0']; `$` or '' → []. */
export function pathSegments(path: string): readonly string[] {
  let segments = segmentsCache.get(path);
  if (!segments) {
    const body = path.startsWith('$') ? path.slice(1) : path;
    segments = body
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/\['([^']*)'\]/g, '.$1')
      .split('.')
      .filter((s) => s !== '');
    segmentsCache.set(path, segments);
  }
  return segments;
}

/** The value at `path` in `value`; undefined when any step is missing. */
export function resolveFactPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of pathSegments(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Checks a path is one pathSegments understands, for pack validation: a
 * JSONPath filter or wildcard would otherwise silently resolve to nothing.
 */
export function unsupportedPathReason(path: string): string | null {
  if (/[*?()@]|\.\./.test(path)) return 'JSONPath filters, wildcards and recursive descent are not supported: use a plain property path such as "$.bus.model"';
  const body = path.startsWith('$') ? path.slice(1) : path;
  const rest = body.replace(/\[(\d+)\]/g, '').replace(/\['[^']*'\]/g, '');
  if (/[[\]]/.test(rest)) return 'brackets take a number ([0]) or a quoted key ([\'key\'])';
  return null;
}
