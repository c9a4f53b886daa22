import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium phones home at start,
// and a closed network refuses it loudly.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  '--remote-debugging-port=0', '--window-size=1400,1000',
];

async function apt(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await exec('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return `${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/**
 * The path of a headless Chromium, installing Debian's package with
 * apt-get when it is missing (after `apt-get update` if the first try
 * fails). Throws, saying what failed, when it cannot be installed.
 */
export async function ensureChromium(): Promise<string> {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  // Wait for the dpkg lock rather than fail when another apt-get runs.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const install = ['install', '-y', '--no-install-recommends', 'chromium'];
  let log = await apt([...lock, ...install]);
  if (!existsSync(CHROMIUM)) {
    log += await apt([...lock, 'update']);
    log += await apt([...lock, ...install]);
  }
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const root = process.getuid?.() === 0 ? '' : ' (this needs root)';
  throw new Error(
    `the browser test of the HTML report needs ${CHROMIUM}; ` +
    `"apt-get ${install.join(' ')}" did not provide it${root}:\n` +
    log.split('\n').slice(-25).join('\n'),
  );
}

/** A DevTools protocol message: a reply (id) or an event (method). */
export interface Message {
  id?: number;
  method?: string;
  params?: Record<string, any>;
  result?: Record<string, any>;
  error?: { message: string };
  sessionId?: string;
}

type Waiter = { resolve(v: any): void; reject(e: Error): void };

/** One WebSocket to the browser, sessions multiplexed on it (flatten). */
class Connection {
  private readonly ws: WebSocket;
  private readonly pending = new Map<number, Waiter>();
  private readonly listeners = new Set<(m: Message) => void>();
  private next = 1;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as Message;
      const waiter = message.id ? this.pending.get(message.id) : undefined;
      if (waiter) {
        this.pending.delete(message.id!);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result ?? {});
      }
      for (const listener of this.listeners) listener(message);
    });
    ws.addEventListener('close', () => {
      for (const w of this.pending.values()) w.reject(new Error('closed'));
      this.pending.clear();
    });
  }

  send(method: string, params = {}, sessionId?: string): Promise<any> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params,
      ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }
}

/** A page (tab) and every protocol event it has sent. */
export interface Page {
  readonly events: Message[];
  send(method: string, params?: object): Promise<any>;
  /** Resolves on the page's next event of `method`. */
  next(method: string): Promise<Message>;
}

function devtoolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const fail = (why: string) => reject(new Error(
      `Chromium did not start (${why}):\n${seen.slice(-3000)}`));
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code, signal) =>
      fail(`exited with ${code ?? signal}`));
    child.once('error', (error) => fail(error.message));
  });
}

/** Waits for the open WebSocket to the browser. */
function connect(url: string): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.addEventListener('open', () => resolve(new Connection(ws)));
    ws.addEventListener('error', () =>
      reject(new Error(`cannot connect to ${url}`)));
  });
}

/**
 * A headless Chromium driven over the DevTools protocol, with its own
 * fresh profile folder; `close` ends it (and its helpers) and removes it.
 */
export class Browser {
  private readonly child: ChildProcess;
  private readonly profile: string;
  private connection?: Connection;

  private constructor(child: ChildProcess, profile: string) {
    this.child = child;
    this.profile = profile;
  }

  /** Starts Chromium and connects to it. */
  static async launch(executable: string): Promise<Browser> {
    const profile = await mkdtemp(path.join(tmpdir(), 'driftguard-chrome-'));
    const child = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`,
      'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const browser = new Browser(child, profile);
    try {
      browser.connection = await connect(await devtoolsUrl(child));
    } catch (error) {
      await browser.close();
      throw error;
    }
    return browser;
  }

  /** Opens a new tab with every domain the test listens to enabled. */
  async newPage(): Promise<Page> {
    const cdp = this.connection!;
    const { targetId } = await cdp.send('Target.createTarget',
      { url: 'about:blank' });
    const { sessionId } = await cdp.send('Target.attachToTarget',
      { targetId, flatten: true });
    const events: Message[] = [];
    cdp.on((m) => {
      if (m.sessionId === sessionId && m.method) events.push(m);
    });
    const send = (method: string, params = {}) =>
      cdp.send(method, params, sessionId);
    const next = (method: string) => new Promise<Message>((resolve) => {
      const off = cdp.on((m) => {
        if (m.sessionId !== sessionId || m.method !== method) return;
        off();
        resolve(m);
      });
    });
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) {
      await send(`${domain}.enable`);
    }
    return { events, send, next };
  }

  /** Ends the browser and every process it started; removes its profile. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        resolve(undefined);
      } else this.child.once('exit', resolve);
    });
    await this.connection?.send('Browser.close').catch(() => undefined);
    this.connection?.close();
    const grace = new Promise((resolve) => setTimeout(resolve, 5000));
    await Promise.race([exited, grace]);
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // the process group has already gone
    }
    await rm(this.profile, { recursive: true, force: true });
  }
}
