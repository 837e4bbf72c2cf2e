/**
 * The web console in a real browser (issue 25): Playwright (playwright-core) driving Debian's
 * Chromium (`/usr/bin/chromium`; Playwright's own browser download cannot work here) against a mock
 * listening on a real port. A request made with curl appears in Traffic; a 429 rule added through
 * the Faults form is what the next call gets; a state with an error shows the message next to the
 * field; the clock advances; the APIs view renders the spec with "try it" aimed at the mock; 10,000
 * journal entries render only the rows in view. Screenshots go to docs/img/ (docs/console.md shows
 * them). Without Chromium the test fails saying how to install it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/engine/app.js';
import { HANG_GUARD_MS } from '../hang-guard.js';
import { testServer } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const IMG = fileURLToPath(new URL('../../docs/img/', import.meta.url));
const ACCOUNT = 'de000000000000000000000000000001';

let http: Server;
let base: string;
let context: BrowserContext;
let page: Page;
let profile: string;

/** curl, run beside the mock (which listens in this process: a synchronous child would block it). */
const curl = async (...args: string[]) =>
  (await promisify(execFile)('curl', ['-sS', ...args], { encoding: 'utf8' })).stdout;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install with: apt-get install chromium`);
  const mock = testServer({ journalSize: 10_000 });
  http = await listen(mock, 0, '127.0.0.1');
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 860 },
    timeout: HANG_GUARD_MS,
  });
  context.setDefaultTimeout(HANG_GUARD_MS);
  page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(IMG, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  http?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('the console in Chromium', () => {
  it('opens on the default namespace and shows a request made with curl in Traffic, live', async () => {
    await page.goto(`${base}/__ui/`);
    await expect.poll(() => page.getByRole('tab', { name: 'Traffic' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByLabel('Namespace', { exact: true }).inputValue()).toBe('default');
    await page.getByText(/live: open/).waitFor();
    await curl('-o', '/dev/null', `${base}/kazoo/v2/accounts/${ACCOUNT}/groups?colour=blue`); // a 401 (no token), a warning
    const row = page.getByRole('row').filter({ hasText: `/kazoo/v2/accounts/${ACCOUNT}/groups` });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('401');
    await row.click();
    await page.getByRole('button', { name: 'Copy as curl' }).waitFor();
    expect(await page.locator('pre.curl').textContent()).toContain(`${base}/kazoo/v2/accounts/${ACCOUNT}/groups`);
    await page.screenshot({ path: join(IMG, 'console-traffic.png') });
  });

  it('adds a 429 rule through the Add rule form, and the next call gets the vendor’s 429', async () => {
    await page.getByRole('tab', { name: 'Faults' }).click();
    const form = page.getByRole('form', { name: 'Add rule' });
    await form.getByLabel('API', { exact: true }).selectOption('kazoo');
    await expect.poll(() => form.getByLabel('Operation').locator('option').count()).toBeGreaterThan(1);
    await form.getByLabel('Operation').selectOption('listGroups');
    await form.getByLabel('Status').selectOption('429');
    // The vendor's own body, from the spec, before the rule is added.
    await expect.poll(() => form.getByLabel(/Body/).inputValue()).toContain('too many requests');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('cell', { name: 'respond 429' }).waitFor();
    const status = await curl('-o', '/dev/null', '-w', '%{http_code}', `${base}/kazoo/v2/accounts/${ACCOUNT}/groups`);
    expect(status).toBe('429');
    // The rule counted its hit, and (times 1) is spent: the rules view follows the live journal.
    await page.getByText('No rule: requests get their normal answers.').waitFor();
    expect(await curl('-o', '/dev/null', '-w', '%{http_code}', `${base}/kazoo/v2/accounts/${ACCOUNT}/groups`)).toBe(
      '401',
    );
    // One that stays, for the screenshot.
    await form.getByLabel('Times').fill('');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('cell', { name: 'respond 429' }).waitFor();
    await curl('-o', '/dev/null', `${base}/kazoo/v2/accounts/${ACCOUNT}/groups`);
    await page.locator('td.hits', { hasText: '1' }).waitFor();
    await page.screenshot({ path: join(IMG, 'console-faults.png'), fullPage: true });
    await page.getByRole('button', { name: /^Remove rule / }).click();
    await page.getByText('No rule: requests get their normal answers.').waitFor();
  });

  it('uploads a state with an error and shows the message next to the field; the old state is kept', async () => {
    await page.getByRole('tab', { name: 'State' }).click();
    await page.getByLabel('API', { exact: true }).selectOption('kazoo');
    await page.locator(`[data-path="/accounts/${ACCOUNT}"]`).first().waitFor();
    const state = JSON.parse(await curl(`${base}/__admin/state/kazoo`));
    state.accounts[ACCOUNT].name = 42;
    await page.getByLabel('Upload state').setInputFiles({
      name: 'kazoo-broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(state)),
    });
    await page.getByText(/state rejected for kazoo\/default/).waitFor();
    const field = page.locator(`[data-path="/accounts/${ACCOUNT}/name"]`);
    expect(await field.locator('.problem').textContent()).toContain('must be string');
    expect(await field.textContent()).toContain('42');
    expect(JSON.parse(await curl(`${base}/__admin/state/kazoo`)).accounts[ACCOUNT].name).toBe('demo');
    await field.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(IMG, 'console-state.png') });
  });

  it('advances the clock by a duration', async () => {
    await page.getByRole('tab', { name: 'Clock' }).click();
    const now = page.locator('.clock output');
    await expect.poll(() => now.textContent()).toBe('2026-03-01T09:00:00.000Z');
    await page.getByLabel('Advance by').fill('1h30m');
    await page.getByRole('button', { name: 'Advance' }).click();
    await expect.poll(() => now.textContent()).toBe('2026-03-01T10:30:00.000Z');
    expect(JSON.parse(await curl(`${base}/__admin/clock`)).now).toBe('2026-03-01T10:30:00.000Z');
    await page.getByLabel('Set to').fill('2030-01-01T00:00:00');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await page
      .getByText(/offset/)
      .first()
      .waitFor();
    await page.screenshot({ path: join(IMG, 'console-clock.png') });
  });

  it('renders an API reference whose "try it" server is the mock only', async () => {
    await page.getByRole('tab', { name: 'APIs' }).click();
    await page.getByText(`${base}/kazoo`, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Show kazoo API reference' }).click();
    await page.locator('.swagger-ui .opblock').first().waitFor();
    const servers = await page.locator('.swagger-ui .servers select option').allTextContents();
    expect(servers.map((s) => s.trim().split(' ')[0])).toEqual([`${base}/kazoo`]);
    await page.locator('.swagger-ui .servers').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(IMG, 'console-apis.png') });
  });

  it('with 10,000 journal entries, renders only the rows in view and keeps the keyboard', async () => {
    const target = `${base}/kazoo/v2/nowhere`;
    for (let done = 0; done < 10_000; ) {
      const batch = Array.from({ length: 100 }, (_, i) =>
        fetch(`${target}/${done + i}`, { headers: { 'X-Mock-Namespace': 'bulk' } }).then((r) => r.arrayBuffer()),
      );
      await Promise.all(batch);
      done += batch.length;
    }
    await page.getByRole('tab', { name: 'Traffic' }).click();
    await page.getByLabel('New namespace').fill('bulk');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByText(/^\s*10000 of 10000 entries/).waitFor();
    const rendered = await page.locator('.rows [role="row"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    // The list is one focusable grid: End goes to the oldest entry, Home back to the newest.
    await page.getByRole('grid').focus();
    await page.keyboard.press('End');
    await page.getByRole('heading', { name: /\/kazoo\/v2\/nowhere\/0 / }).waitFor();
    await page.keyboard.press('Home');
    await page.getByRole('heading', { name: /\/kazoo\/v2\/nowhere\/9999 / }).waitFor();
    expect(await page.locator('.rows [role="row"]').count()).toBeLessThan(100);
  });
});
