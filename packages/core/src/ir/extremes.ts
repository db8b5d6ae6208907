/**
 * Math.max/min over a list without spreading it into arguments: a spread of
 * some 125,000 values overflows V8's stack, and a guest can hold that many
 * controllers well under the file-size limit.
 */
export function maxOf(values: Iterable<number>, floor: number): number {
  let best = floor;
  for (const v of values) if (v > best) best = v;
  return best;
}

export function minOf(values: Iterable<number>, ceiling: number): number {
  let best = ceiling;
  for (const v of values) if (v < best) best = v;
  return best;
}
