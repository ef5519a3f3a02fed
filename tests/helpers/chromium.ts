/**
 * Headless Chromium for the page tests, driven by playwright-core: Debian's `chromium`
 * package (playwright never downloads a browser here). A missing browser is an error that
 * says how to install it, never a skip: `.ci/ensure-chromium` installs it in CI.
 *
 * Pages open from file:// with the context offline; every request the page makes is
 * recorded, and every one but the page itself is aborted, so a test can assert that the
 * page needs no network.
 */
import * as fs from "fs";
import { pathToFileURL } from "url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a quiet, offline, sandbox-less (root in CI) headless run; playwright adds --headless and a fresh profile. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the page tests need it. Install Debian's package with \`bash .ci/ensure-chromium\` (apt-get install chromium), or point CHROMIUM_PATH at a Chromium binary.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly url: string;
  /** Every request the page made (the page itself included). */
  readonly requests: string[];
  /** Console errors, uncaught exceptions and failed requests. */
  readonly errors: string[];
}

/** Opens `file` offline at a desktop size, recording requests and errors. */
export async function openPage(browser: Browser, file: string, viewport = { width: 1360, height: 900 }): Promise<OpenedPage> {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ offline: true, viewport, deviceScaleFactor: 1, javaScriptEnabled: true });
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on("request", (r) => void requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => void errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => void errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  await page.goto(url, { waitUntil: "load" });
  return { context, page, url, requests, errors };
}

/** Waits until every chart element of the report page holds the SVG ECharts drew into it. */
export async function waitForCharts(page: Page): Promise<void> {
  // A string, evaluated in the page: this project compiles without the DOM library.
  await page.waitForFunction(
    "document.querySelectorAll('.chart').length > 0 && document.querySelectorAll('.chart svg').length === document.querySelectorAll('.chart').length",
  );
}
