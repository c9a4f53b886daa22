/** Leaves out the keys whose value is undefined, so JSON round-trips. */
export function compact<T extends object>(value: T): T {
  const out = {} as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = item;
  }
  return out as T;
}
