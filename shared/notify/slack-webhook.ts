import {
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

/**
 * Where the Slack webhook URL is kept: an SSM SecureString parameter, or
 * a Secrets Manager secret (by name or ARN) holding the URL itself or
 * JSON with a `url` field.
 */
export type WebhookSource =
  | { parameter: string; ssm: SSMClient }
  | { secret: string; secrets: SecretsManagerClient };

/** The webhook URL cannot be read, or is not a webhook URL. */
export class WebhookUrlError extends Error {
  override name = 'WebhookUrlError';
}

/**
 * A function that returns the webhook URL, reading it from its source
 * the first time and from memory after. A failed read is not kept, so
 * the next call reads again. Errors name the source, never the value.
 */
export function webhookUrl(source: WebhookSource): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= read(source).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

async function read(source: WebhookSource): Promise<string> {
  const where = 'parameter' in source
    ? `SSM parameter ${source.parameter}`
    : `secret ${source.secret}`;
  let value: string | undefined;
  try {
    value = 'parameter' in source
      ? await fromParameter(source.ssm, source.parameter)
      : await fromSecret(source.secrets, source.secret);
  } catch (error) {
    // Only the code: an SDK error can carry the raw answer, the URL in it.
    const code = error instanceof Error ? error.name : 'error';
    throw new WebhookUrlError(`cannot read the Slack webhook URL from ` +
      `${where} (${code})`);
  }
  return checked(value, where);
}

async function fromParameter(ssm: SSMClient, name: string) {
  const output = await ssm.send(
    new GetParameterCommand({ Name: name, WithDecryption: true }));
  return output.Parameter?.Value;
}

async function fromSecret(secrets: SecretsManagerClient, id: string) {
  const output = await secrets.send(
    new GetSecretValueCommand({ SecretId: id }));
  const text = output.SecretString?.trim();
  if (!text?.startsWith('{')) return text;
  try {
    const url = (JSON.parse(text) as { url?: unknown }).url;
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An https URL, or http on the loopback interface (local receivers). */
function checked(value: string | undefined, where: string): string {
  let url: URL | undefined;
  try {
    url = value === undefined ? undefined : new URL(value.trim());
  } catch {
    url = undefined;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  const ok = url !== undefined && (url.protocol === 'https:' ||
    (url.protocol === 'http:' && loopback.includes(url.hostname)));
  if (!ok || value === undefined) {
    throw new WebhookUrlError(`${where} does not hold a Slack webhook URL ` +
      '(an https URL)');
  }
  return value.trim();
}
