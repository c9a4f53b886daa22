import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../../cli/report/html.ts';
import { Browser, ensureChromium, type Message, type Page } from
  './chromium.ts';
import { ACCOUNT, cli, NOW, PROFILES } from './helpers.ts';
import { HOSTILE_NAME, hostileSnapshot, reportOf } from './html-helpers.ts';
import { colourStats, decodePng } from './png.ts';

/** Where the test leaves the screenshot it judged, for people to look at. */
const SCREENSHOT = path.join(tmpdir(), 'driftguard-html-report.png');
const WIDTH = 1400;

/** What the page reported as an error: console, exceptions, the log. */
function errors(events: Message[]): string[] {
  return events.flatMap((e) => {
    const p = e.params ?? {};
    if (e.method === 'Runtime.consoleAPICalled' &&
      (p.type === 'error' || p.type === 'assert')) {
      return [`console.${p.type}: ${JSON.stringify(p.args)}`];
    }
    if (e.method === 'Runtime.exceptionThrown') {
      return [`exception: ${p.exceptionDetails?.exception?.description ??
        p.exceptionDetails?.text}`];
    }
    if (e.method === 'Log.entryAdded' && p.entry?.level === 'error') {
      return [`log: ${p.entry.text} ${p.entry.url ?? ''}`];
    }
    return [];
  });
}

const requests = (events: Message[]) => events
  .filter((e) => e.method === 'Network.requestWillBeSent')
  .map((e) => String(e.params!.request.url));

async function evaluate(page: Page, expression: string): Promise<unknown> {
  const { result, exceptionDetails } = await page.send('Runtime.evaluate',
    { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
  return result.value;
}

describe('the HTML report in headless Chromium', { timeout: 120_000 }, () => {
  let browser: Browser | undefined;
  let dir: string;
  let reportUrl: string;
  let hostileUrl: string;

  /** Opens a file in a new tab and waits until it has loaded. */
  async function open(url: string): Promise<Page> {
    const page = await browser!.newPage();
    await page.send('Emulation.setDeviceMetricsOverride',
      { width: WIDTH, height: 900, deviceScaleFactor: 1, mobile: false });
    const loaded = page.next('Page.loadEventFired');
    await page.send('Page.navigate', { url });
    await loaded;
    return page;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftguard-browser-'));
    const report = path.join(dir, 'report.html');
    const ran = await cli(['sweep', '--profiles', PROFILES, '--snapshot',
      ACCOUNT, ...NOW, '--format', 'html', '--out', report]);
    expect(ran.code, ran.stderr).toBe(0);
    const hostile = path.join(dir, 'hostile.html');
    await writeFile(hostile,
      htmlReport(await reportOf([await hostileSnapshot()])));
    reportUrl = pathToFileURL(report).href;
    hostileUrl = pathToFileURL(hostile).href;
    // Installing Chromium (apt-get) on a fresh machine takes minutes.
    browser = await Browser.launch(await ensureChromium());
  }, 15 * 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('renders without a console error, exception or log error', async () => {
    const page = await open(reportUrl);
    const title = await evaluate(page, 'document.title');
    expect(title).toBe('driftguard sweep: 111122223333 eu-west-1');
    expect(errors(page.events)).toEqual([]);
  });

  it('requests nothing but the file itself', async () => {
    const page = await open(reportUrl);
    await evaluate(page, 'document.fonts.ready.then(() => true)');
    expect(requests(page.events)).toEqual([reportUrl]);
  });

  it('draws a page that is not blank', async () => {
    const page = await open(reportUrl);
    const metrics = await page.send('Page.getLayoutMetrics');
    const height = Math.ceil(metrics.cssContentSize.height);
    await page.send('Emulation.setDeviceMetricsOverride',
      { width: WIDTH, height, deviceScaleFactor: 1, mobile: false });
    const shot = await page.send('Page.captureScreenshot',
      { format: 'png' });
    const png = Buffer.from(shot.data, 'base64');
    await writeFile(SCREENSHOT, png);
    const image = decodePng(png);
    expect(image.width).toBe(WIDTH);
    expect(image.height).toBeGreaterThan(2000);
    const stats = colourStats(image);
    expect(stats.colours).toBeGreaterThan(500);
    expect(stats.nonWhite).toBeGreaterThan(0.15);
  });

  it('shows a script in a group name as text and never runs it', async () => {
    const page = await open(hostileUrl);
    expect(await evaluate(page, 'typeof window.pwned')).toBe('undefined');
    const text = await evaluate(page, 'document.body.innerText');
    expect(text).toContain(HOSTILE_NAME);
    expect(await evaluate(page, 'document.scripts.length')).toBe(1);
    expect(await evaluate(page, 'document.images.length')).toBe(0);
    expect(errors(page.events)).toEqual([]);
    expect(requests(page.events)).toEqual([hostileUrl]);
  });

  it('opens the detail of the group a link points at', async () => {
    const page = await open(reportUrl);
    const opened = await evaluate(page, `new Promise((resolve) => {
      const link = document.querySelector(
        'table.worst tr.row-high a[href^="#"]');
      const target = document.getElementById(
        link.getAttribute('href').slice(1));
      const wasOpen = target.open;
      addEventListener('hashchange', () => resolve([wasOpen, target.open]),
        { once: true });
      link.click();
    })`);
    expect(opened).toEqual([false, true]);
  });

  it('prints every group open and closes them again after', async () => {
    const page = await open(reportUrl);
    const count = `[...document.querySelectorAll('details')]
      .filter((d) => d.open).length`;
    await evaluate(page, `window.printed = [];
      addEventListener('beforeprint', () => printed.push(${count}));`);
    const total = await evaluate(page,
      'document.querySelectorAll("details").length');
    const before = await evaluate(page, count);
    const pdf = await page.send('Page.printToPDF', {});
    expect(Buffer.from(pdf.data, 'base64').subarray(0, 5).toString())
      .toBe('%PDF-');
    expect(await evaluate(page, 'printed')).toEqual([total]);
    expect(await evaluate(page, count)).toBe(before);
  });
});
