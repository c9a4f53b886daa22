import type { EC2ClientConfig } from '@aws-sdk/client-ec2';

/**
 * Credentials a client accepts: fixed keys, or a provider the SDK calls
 * again when they expire.
 */
export type AwsCredentials = NonNullable<EC2ClientConfig['credentials']>;

/** Environment variable that points every client at another endpoint. */
export const ENDPOINT_ENV = 'DRIFTGUARD_ENDPOINT_URL';

/** Attempts per call (the first try included) unless told otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Calls made through the clients that share this counter, per operation:
 * the SDK's `commandName` less its `Command` suffix, so the keys read as
 * AWS operation names (`DescribeSecurityGroups`), as in CloudTrail and IAM.
 */
export interface CallCounter {
  /** Commands sent; one per page of a paginated read, retries excluded. */
  readonly calls: Record<string, number>;
  /** HTTP attempts; a retried call counts once per attempt. */
  readonly attempts: Record<string, number>;
}

/** Options of {@link createClient}; all optional. */
export interface ClientOptions {
  /** Region; without it the SDK's own lookup (AWS_REGION, profile) applies. */
  region?: string;
  /**
   * Endpoint URL, as the AWS CLI's `--endpoint-url`; without it the
   * environment's DRIFTGUARD_ENDPOINT_URL, else the SDK's default.
   */
  endpoint?: string;
  /** Credentials; without them the SDK's default provider chain. */
  credentials?: AwsCredentials;
  /** Attempts per call, retries included (default 5). */
  maxAttempts?: number;
  /** Counter that this client adds its calls to. */
  counter?: CallCounter;
}

/** Configuration every driftguard client is built with. */
export interface SharedClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentials;
  retryMode: string;
  maxAttempts: number;
}

// Each client's stack is typed with its own service's inputs and outputs;
// `any` here lets one middleware type fit every client's stack.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (args: any) => Promise<any>;

/** An SDK middleware that does not look into inputs and outputs. */
export type Middleware = (
  next: Handler,
  context: { commandName?: string },
) => Handler;

/** The part of an SDK v3 client this module touches. */
export interface SdkClient {
  middlewareStack: {
    add(middleware: Middleware, options: object): void;
    addRelativeTo(
      middleware: Middleware,
      options: object,
    ): void;
  };
}

/** A new, empty call counter. */
export function createCallCounter(): CallCounter {
  return { calls: {}, attempts: {} };
}

/** Sum of the counts in one of a counter's tables. */
export function totalCalls(table: Record<string, number>): number {
  return Object.values(table).reduce((sum, n) => sum + n, 0);
}

/**
 * The configuration {@link createClient} passes to a client constructor:
 * adaptive retries, and the endpoint from the options or the environment.
 */
export function clientConfig(options: ClientOptions = {}): SharedClientConfig {
  const endpoint = options.endpoint ?? nonEmpty(process.env[ENDPOINT_ENV]);
  const config: SharedClientConfig = {
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  if (options.region !== undefined) config.region = options.region;
  if (endpoint !== undefined) config.endpoint = endpoint;
  if (options.credentials !== undefined) {
    config.credentials = options.credentials;
  }
  return config;
}

/**
 * Build any AWS SDK v3 client (EC2, STS, Organizations, ...) the way
 * driftguard needs it, e.g. `createClient(EC2Client, { region })`.
 */
export function createClient<C extends SdkClient>(
  Client: new (config: SharedClientConfig) => C,
  options: ClientOptions = {},
): C {
  const client = new Client(clientConfig(options));
  if (options.counter) countCalls(client, options.counter);
  return client;
}

/**
 * Add a client's calls to `counter`: each command once, and each HTTP
 * attempt (inside the retry loop) once more in `attempts`.
 */
export function countCalls(client: SdkClient, counter: CallCounter): void {
  client.middlewareStack.add(tally(counter.calls), {
    step: 'initialize',
    name: 'driftguardCallCounter',
  });
  client.middlewareStack.addRelativeTo(tally(counter.attempts), {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'driftguardAttemptCounter',
  });
}

function tally(table: Record<string, number>): Middleware {
  return (next, context) => async (args) => {
    const name = operationName(context.commandName);
    table[name] = (table[name] ?? 0) + 1;
    return next(args);
  };
}

function operationName(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
