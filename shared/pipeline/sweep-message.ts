import * as z from 'zod';

/** One account-region to sweep: the body of one sweep queue message. */
export interface SweepMessage {
  version: 1;
  sweepId: string;
  account: string;
  region: string;
}

const schema = z.strictObject({
  version: z.literal(1),
  sweepId: z.string().min(1).max(200),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/,
    'expected a region name such as eu-west-1'),
});

/** The queue message body of one account-region of a sweep. */
export function sweepMessageBody(message: Omit<SweepMessage, 'version'>) {
  return JSON.stringify({ version: 1, ...message });
}

/** A message body read, or what is wrong with it. */
export type ParsedSweepMessage =
  | { ok: true; message: SweepMessage }
  | { ok: false; problem: string };

/**
 * Reads a sweep queue message body. Anything else (not JSON, a field
 * missing, a field too many, a bad account id) is a problem naming the
 * field, never an exception.
 */
export function parseSweepMessage(body: string): ParsedSweepMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'the body is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const problems = parsed.error.issues.map((i) =>
    `${i.path.join('.') || '(body)'}: ${i.message}`);
  return { ok: false, problem: problems.join('; ') };
}
