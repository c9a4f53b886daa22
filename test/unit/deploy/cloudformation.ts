// Reading CloudFormation templates in tests: YAML with its short tags
// (`!Sub`, `!Ref`, …) as the long forms, and the intrinsic functions
// resolved for one imagined deployment, so that policies and patterns can
// be evaluated as AWS would see them.
import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';

/** A template, or any part of one. */
export type Json = unknown;

/** A CloudFormation template's top level. */
export interface Template {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, {
    Type: string;
    Condition?: string;
    Properties?: Record<string, unknown>;
    Metadata?: Record<string, unknown>;
  }>;
  Outputs?: Record<string, Json>;
}

const SHORT_TAGS = ['Ref', 'Sub', 'GetAtt', 'If', 'Equals', 'Not', 'And',
  'Or', 'Join', 'Select', 'Split', 'FindInMap', 'Base64', 'GetAZs',
  'ImportValue', 'Condition'];

const tags: Tags = SHORT_TAGS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (value: unknown) => ({ [key]:
    name === 'GetAtt' && typeof value === 'string'
      ? value.split('.') : value });
  return (['scalar', 'seq', 'map'] as const).map((nodeClass) => ({
    tag: `!${name}`,
    collection: nodeClass === 'scalar' ? undefined : nodeClass,
    resolve: (value: unknown) => wrap(
      typeof value === 'object' && value !== null && 'toJSON' in value
        ? (value as { toJSON(): unknown }).toJSON() : value),
  })) as Tags;
});

/** A YAML template, short tags as long forms. */
export function readYamlTemplate(file: string): Template {
  return parse(readFileSync(file, 'utf8'), { customTags: tags }) as Template;
}

/** A JSON template (what osls packages). */
export function readJsonTemplate(file: string): Template {
  return JSON.parse(readFileSync(file, 'utf8')) as Template;
}

/** The imagined deployment intrinsic functions resolve against. */
export interface Deployment {
  /** Parameters and pseudo parameters (`AWS::AccountId`, …) by name. */
  refs: Record<string, string | string[]>;
  /** Values of the template's conditions. */
  conditions?: Record<string, boolean>;
}

const PSEUDO = { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1',
  'AWS::URLSuffix': 'amazonaws.com' };

/** A resource's stand-in ARN, for Ref and Fn::GetAtt of resources. */
function standIn(logical: string): string {
  return `arn:aws:test:eu-west-1:000000000000:${logical}`;
}

function lookup(name: string, deployment: Deployment): string | string[] {
  const refs = { ...PSEUDO, ...deployment.refs };
  return refs[name as keyof typeof refs] ?? standIn(name);
}

function sub(text: string, vars: Record<string, Json>, d: Deployment) {
  return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
    if (name in vars) return String(resolve(vars[name], d));
    const [logical, attribute] = name.split('.');
    if (attribute !== undefined) return standIn(logical ?? name);
    return String(lookup(name, d));
  });
}

/** `value` with every intrinsic function resolved for `deployment`. */
export function resolve(value: Json, deployment: Deployment): Json {
  if (Array.isArray(value)) {
    return value.map((item) => resolve(item, deployment))
      .filter((item) => item !== NO_VALUE);
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && isIntrinsic(first[0])) {
    return intrinsic(first[0], first[1], deployment);
  }
  return Object.fromEntries(entries
    .map(([key, item]) => [key, resolve(item, deployment)])
    .filter(([, item]) => item !== NO_VALUE));
}

const NO_VALUE = Symbol('AWS::NoValue');

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function intrinsic(name: string, arg: Json, d: Deployment): Json {
  const args = Array.isArray(arg) ? arg : [arg];
  switch (name) {
    case 'Ref':
      return arg === 'AWS::NoValue' ? NO_VALUE : lookup(String(arg), d);
    case 'Fn::Sub':
      return typeof arg === 'string' ? sub(arg, {}, d)
        : sub(String(args[0]), args[1] as Record<string, Json>, d);
    case 'Fn::GetAtt':
      return standIn(String(args[0]));
    case 'Fn::Join':
      return (resolve(args[1], d) as Json[]).join(String(args[0]));
    case 'Fn::If': {
      const chosen = d.conditions?.[String(args[0])];
      if (chosen === undefined) {
        throw new Error(`no value for condition ${String(args[0])}`);
      }
      return resolve(chosen ? args[1] : args[2], d);
    }
    default:
      throw new Error(`${name} is outside what the tests resolve`);
  }
}
