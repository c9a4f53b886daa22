// How reports key what they gather across account-regions, and the one
// way they gather it: in lists under those keys.

/** Adds a value to the list a map holds under key. */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The key of a group across account-regions. */
export const groupKey = (g: { account: string; region: string;
  groupId: string }): string => `${g.account}/${g.region}/${g.groupId}`;

/** The key of an account-region. */
export const placeKey = (p: { account: string; region: string }): string =>
  `${p.account}/${p.region}`;
