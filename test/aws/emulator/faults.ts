// AWS behaviours the emulator cannot produce, added to one client as SDK
// middleware. Each stands in for one documented AWS behaviour and fakes
// nothing else: the request still goes to the emulator, which answers it.
import type { SdkClient } from '../../../shared/aws/clients.ts';

interface CommandArgs {
  input: Record<string, unknown>;
}

interface CommandResult {
  output: Record<string, unknown>;
}

/** Where each paginated Describe call keeps its items. */
const ITEM_KEYS: Record<string, string> = {
  DescribeSecurityGroups: 'SecurityGroups',
  DescribeSecurityGroupRules: 'SecurityGroupRules',
  DescribeNetworkInterfaces: 'NetworkInterfaces',
  DescribeManagedPrefixLists: 'PrefixLists',
};

/**
 * Stands in for EC2's pagination: AWS returns at most `MaxResults` items
 * and a `NextToken` for the rest. moto (5.2.5) ignores `MaxResults` on
 * these four calls and returns everything at once, so this cuts the
 * emulator's full answer into the pages AWS would serve.
 */
export function pageLikeAws(client: SdkClient): void {
  client.middlewareStack.add((next, context) => async (raw) => {
    const key = ITEM_KEYS[operationName(context.commandName)];
    const args = raw as CommandArgs;
    const size = args.input.MaxResults;
    if (key === undefined || typeof size !== 'number') return next(args);

    const { NextToken: token, ...input } = args.input;
    const offset = typeof token === 'string' ? Number(token) : 0;
    const result = await next({ ...args, input }) as CommandResult;
    const items = result.output[key] as unknown[] | undefined ?? [];
    const more = offset + size < items.length;
    const output = {
      ...result.output,
      [key]: items.slice(offset, offset + size),
      NextToken: more ? String(offset + size) : undefined,
    };
    return { ...result, output };
  }, { step: 'initialize', name: 'testPageLikeAws' });
}

/** An AWS error response: status, protocol and error code. */
export interface Fault {
  status: number;
  body: string;
}

/**
 * EC2's throttling answer: HTTP 503 with code `RequestLimitExceeded`, as
 * EC2 sends when an account's API request rate is exceeded.
 */
export const EC2_REQUEST_LIMIT_EXCEEDED: Fault = {
  status: 503,
  body: '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>' +
    '<Code>RequestLimitExceeded</Code><Message>Request limit exceeded.' +
    '</Message></Error></Errors><RequestID>fault-1</RequestID></Response>',
};

/**
 * STS's throttling answer: HTTP 400 with code `Throttling` (the query
 * protocol's name for a ThrottlingException), "Rate exceeded".
 */
export const STS_THROTTLING: Fault = {
  status: 400,
  body: '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
    '<Error><Type>Sender</Type><Code>Throttling</Code>' +
    '<Message>Rate exceeded</Message></Error>' +
    '<RequestId>fault-1</RequestId></ErrorResponse>',
};

/**
 * Answer the first `times` attempts of `operation` with `fault` instead of
 * sending them, as AWS does when it throttles a caller; later attempts go
 * to the emulator. Sits inside the SDK's retry loop, so retries see it.
 * Returns a function that tells how many faults were served.
 */
export function failFirst(
  client: SdkClient,
  operation: string,
  fault: Fault,
  times = 1,
): () => number {
  let served = 0;
  client.middlewareStack.add((next, context) => async (args) => {
    if (operationName(context.commandName) !== operation) return next(args);
    if (served >= times) return next(args);
    served += 1;
    return { response: httpResponse(fault) };
  }, { step: 'deserialize', priority: 'low', name: 'testFailFirst' });
  return () => served;
}

/**
 * Stands in for another caller's write landing between two calls of
 * this one, as when a second quarantine of a VPC runs whole between the
 * first one's search for the quarantine group and its
 * CreateSecurityGroup, which EC2 then answers InvalidGroup.Duplicate.
 * The emulator leaves no such gap, so this runs `first` (once) before
 * `client` sends its first `operation`; the call then goes on as sent.
 */
export function before(
  client: SdkClient,
  operation: string,
  first: () => Promise<void>,
): void {
  let done = false;
  client.middlewareStack.add((next, context) => async (args) => {
    if (!done && operationName(context.commandName) === operation) {
      done = true;
      await first();
    }
    return next(args);
  }, { step: 'initialize', name: `testBefore${operation}` });
}

function httpResponse(fault: Fault) {
  return {
    statusCode: fault.status,
    headers: { 'content-type': 'text/xml' },
    body: new TextEncoder().encode(fault.body),
  };
}

function operationName(commandName: string | undefined): string {
  return (commandName ?? '').replace(/Command$/, '');
}

/**
 * EC2's answer to a caller whom IAM or a service control policy denies
 * the call: HTTP 403 with code `UnauthorizedOperation`. The SDK does not
 * retry it, so it stands for any call AWS refuses outright.
 */
export const EC2_UNAUTHORIZED: Fault = {
  status: 403,
  body: '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>' +
    '<Code>UnauthorizedOperation</Code><Message>You are not authorized ' +
    'to perform this operation.</Message></Error></Errors>' +
    '<RequestID>fault-2</RequestID></Response>',
};

/**
 * Stands in for interfaces that an AWS service manages (an interface
 * endpoint's, an ECS task's): DescribeNetworkInterfaces shows them with
 * `RequesterManaged: true` and the service's `InterfaceType`, and EC2
 * refuses to change their groups (ModifyNetworkInterfaceAttribute answers
 * UnauthorizedOperation, even to an administrator). moto (5.2.5) makes
 * every interface, a NAT gateway's or an endpoint's too, an ordinary
 * `interface` with `RequesterManaged: false`, and changes any of them.
 */
export function manageByAws(
  client: SdkClient,
  interfaceIds: readonly string[],
  interfaceType = 'vpc_endpoint',
): void {
  const managed = new Set(interfaceIds);
  client.middlewareStack.add((next, context) => async (raw) => {
    const args = raw as CommandArgs;
    const operation = operationName(context.commandName);
    if (operation === 'ModifyNetworkInterfaceAttribute' &&
        managed.has(String(args.input.NetworkInterfaceId))) {
      return { response: httpResponse(EC2_UNAUTHORIZED) };
    }
    return next(args);
  }, { step: 'deserialize', priority: 'low', name: 'testRefuseManaged' });

  client.middlewareStack.add((next, context) => async (raw) => {
    const result = await next(raw) as CommandResult;
    if (operationName(context.commandName) !== 'DescribeNetworkInterfaces') {
      return result;
    }
    const items = result.output.NetworkInterfaces as
      Record<string, unknown>[] | undefined ?? [];
    const shown = items.map((eni) =>
      managed.has(String(eni.NetworkInterfaceId))
        ? { ...eni, RequesterManaged: true, InterfaceType: interfaceType }
        : eni);
    const output = { ...result.output, NetworkInterfaces: shown };
    return { ...result, output };
  }, { step: 'initialize', name: 'testShowManaged' });
}

/**
 * STS's answer to an AssumeRole that the role's trust policy (or a
 * service control policy) refuses: HTTP 403 with code `AccessDenied`.
 * moto (5.2.5) lets anyone assume any role, even one that does not
 * exist, so an account that cannot be reached needs this.
 */
export function refuseAssumeRole(
  client: SdkClient,
  accounts: readonly string[],
): void {
  client.middlewareStack.add((next, context) => async (raw) => {
    const args = raw as CommandArgs;
    const arn = String(args.input.RoleArn ?? '');
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] ?? '';
    if (operationName(context.commandName) !== 'AssumeRole' ||
        !accounts.includes(account)) return next(args);
    const fault = { status: 403, body: stsAccessDenied(arn) };
    return { response: httpResponse(fault) };
  }, { step: 'deserialize', priority: 'low', name: 'testRefuseAssumeRole' });
}

function stsAccessDenied(arn: string): string {
  return '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
    '<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: ' +
    'arn:aws:sts::123456789012:assumed-role/driftguard/worker is not ' +
    `authorized to perform: sts:AssumeRole on resource: ${arn}</Message>` +
    '</Error><RequestId>fault-3</RequestId></ErrorResponse>';
}

/**
 * Stands in for SQS failing some entries of a SendMessageBatch while it
 * takes the others (HTTP 200, the entries under `Failed`, e.g.
 * `InternalError` with SenderFault false, or `InvalidMessageContents`
 * with SenderFault true). moto (5.2.5) fails an entry only for a bad
 * DelaySeconds. The chosen entries are held back from the emulator, as
 * SQS does not keep them, and answered as failed, `times` times each.
 */
export function failBatchEntries(
  client: SdkClient,
  chosen: (body: string) => boolean,
  failure: { code: string; senderFault: boolean },
  times = 1,
): void {
  const served = new Map<string, number>();
  client.middlewareStack.add((next, context) => async (raw) => {
    const args = raw as CommandArgs;
    if (operationName(context.commandName) !== 'SendMessageBatch') {
      return next(args);
    }
    const entries = args.input.Entries as
      { Id: string; MessageBody: string }[];
    const failing = entries.filter((e) => chosen(e.MessageBody) &&
      (served.get(e.MessageBody) ?? 0) < times);
    for (const e of failing) {
      served.set(e.MessageBody, (served.get(e.MessageBody) ?? 0) + 1);
    }
    const rest = entries.filter((e) => !failing.includes(e));
    const result = rest.length > 0
      ? await next({ ...args, input: { ...args.input, Entries: rest } }) as
        CommandResult
      : { output: { Successful: [] } };
    const failed = failing.map((e) => ({ Id: e.Id, Code: failure.code,
      SenderFault: failure.senderFault, Message: 'failed by the test' }));
    return { ...result, output: { ...result.output,
      Failed: [...(result.output.Failed as unknown[] ?? []), ...failed] } };
  }, { step: 'initialize', name: 'testFailBatchEntries' });
}

/**
 * Stands in for a group whose rule quota was raised: AWS lets one group
 * hold up to 1,000 rules, moto (5.2.5) refuses a VPC group's 61st. Adds
 * `count` made-up ingress rules of `groupId` to each answer of
 * DescribeSecurityGroupRules that filters by that group's id, as if the
 * group held them too; nothing else sees them.
 */
export function padGroupRules(
  client: SdkClient,
  groupId: string,
  count: number,
): void {
  const padding = Array.from({ length: count }, (_, n) => ({
    SecurityGroupRuleId: `sgr-${String(n).padStart(17, '0')}`,
    GroupId: groupId, IsEgress: false, IpProtocol: 'tcp',
    FromPort: 10_000 + n, ToPort: 10_000 + n, CidrIpv4: '10.99.0.0/16',
  }));
  client.middlewareStack.add((next, context) => async (raw) => {
    const args = raw as CommandArgs;
    const result = await next(args) as CommandResult;
    const filters = args.input.Filters as
      { Name?: string; Values?: string[] }[] | undefined ?? [];
    const ofGroup = filters.some((f) => f.Name === 'group-id' &&
      f.Values?.includes(groupId));
    if (operationName(context.commandName) !== 'DescribeSecurityGroupRules' ||
      !ofGroup) return result;
    const rules = result.output.SecurityGroupRules as unknown[] ?? [];
    const output = { ...result.output,
      SecurityGroupRules: [...rules, ...padding] };
    return { ...result, output };
  }, { step: 'initialize', name: 'testPadGroupRules' });
}
