// Events mutated from the fixtures, for fuzz tests: fields dropped,
// replaced or given another type, anywhere, and more often where the
// parser looks.
import fc from 'fast-check';
import { HANDLED_EVENT_NAMES } from '../../../shared/events/index.ts';
import { fixture, fixtureNames } from './helpers.ts';

/** A JSON value, as events are. */
export type Json = unknown;
type Path = (string | number)[];

const FIXTURES = fixtureNames().map(([name, form]) => fixture(name, form));

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null;
}

function pathsOf(value: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key], out);
    }
  }
  return out;
}

const WATCHED = new RegExp('^(' + [
  'id', 'detail', 'eventName', 'eventID', 'eventTime', 'errorCode',
  'recipientAccountId', 'userIdentity', 'sessionIssuer', 'arn',
  'requestParameters', 'responseElements', 'items', '.*Set', '.*Port',
  'ipProtocol', 'groupId', 'GroupId', 'SecurityGroupRule',
  'securityGroupRuleIds',
].join('|') + ')$');

function watched(paths: Path[]): Path[] {
  return paths.filter((p) => WATCHED.test(String(p.at(-1) ?? '')));
}

const ODD_PORTS = ['', ' 22', '22 ', '22.5', '0x16', '1e3', '-2', '65536',
  'all', 'NaN', '\u0662\u0662', '22\n', '-0', '+22'];

const replacement = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...ODD_PORTS),
  fc.constantFrom({}, [], { items: {} }, { items: [null] }, { items: [{}] },
    { items: 'x' }, '__proto__', 'constructor', 'sg-', 'sgr-'),
  fc.constantFrom(...HANDLED_EVENT_NAMES),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const mutation = fc.record({
  op: fc.constantFrom('drop', 'replace', 'retype'),
  watchedOnly: fc.boolean(),
  where: fc.nat(),
  value: replacement,
});

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function retype(value: Json): Json {
  if (Array.isArray(value)) return Object.assign({}, value);
  if (isObject(value)) return Object.values(value);
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  return {};
}

function apply(event: Json, m: Mutation): Json {
  const all = pathsOf(event);
  const candidates = m.watchedOnly ? watched(all) : all;
  const path = candidates[m.where % Math.max(candidates.length, 1)] ?? [];
  if (path.length === 0) {
    return m.op === 'retype' ? retype(event) : m.value;
  }
  const parent = path.slice(0, -1).reduce<Json>(
    (at, key) => isObject(at) ? at[key as string] : undefined, event);
  const key = path.at(-1) as string;
  if (!isObject(parent)) return event;
  if (m.op === 'drop' && !Array.isArray(parent)) delete parent[key];
  else if (m.op === 'retype') parent[key] = retype(parent[key]);
  else parent[key] = m.value;
  return event;
}

/**
 * Fixtures with one to four mutations each. `prepare` changes each fresh
 * copy of a fixture before it is mutated (e.g. to give it ids of its own).
 */
export function mutatedEvents(
  prepare: (event: Record<string, any>) => void = () => undefined,
): fc.Arbitrary<Json> {
  return fc.tuple(
    fc.nat({ max: FIXTURES.length - 1 }),
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
  ).map(([index, mutations]) => {
    const event = structuredClone(FIXTURES[index]) as Record<string, any>;
    prepare(event);
    return mutations.reduce<Json>((e, m) => apply(e, m), event);
  });
}

/** The id a result must carry: CloudTrail's eventID, else EventBridge's. */
export function idOf(event: Json): string | undefined {
  if (!isObject(event) || Array.isArray(event)) return undefined;
  const detail = isObject(event.detail) && !Array.isArray(event.detail)
    ? event.detail
    : {};
  const usable = (v: Json) => typeof v === 'string' && v.trim() !== '';
  if (usable(detail.eventID)) return detail.eventID as string;
  return usable(event.id) ? event.id as string : undefined;
}
