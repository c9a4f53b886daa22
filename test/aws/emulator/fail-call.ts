// One call of one operation answered with an AWS fault instead of being
// sent, the calls before and after it going to the emulator: a failure
// half-way through a run of writes, which the emulator cannot produce.
import type { SdkClient } from '../../../shared/aws/clients.ts';
import type { Fault } from './faults.ts';

/**
 * Answer the `nth` call (1-based) of `operation` on `client` with
 * `fault`. Sits inside the SDK's retry loop, so a fault the SDK retries
 * would be retried against the emulator: use one it does not retry.
 * Returns how many calls of `operation` the client has made.
 */
export function failNthCall(
  client: SdkClient,
  operation: string,
  nth: number,
  fault: Fault,
): () => number {
  let calls = 0;
  client.middlewareStack.add((next, context) => async (args) => {
    const name = (context.commandName ?? '').replace(/Command$/, '');
    if (name !== operation) return next(args);
    calls += 1;
    if (calls !== nth) return next(args);
    return { response: {
      statusCode: fault.status,
      headers: { 'content-type': 'text/xml' },
      body: new TextEncoder().encode(fault.body),
    } };
  }, { step: 'deserialize', priority: 'low', name: `testFailNth${operation}` });
  return () => calls;
}
