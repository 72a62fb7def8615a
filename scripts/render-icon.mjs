// Renders resources/icon.svg to the 1024 px resources/icon.png electron-builder makes every OS's
// icon from, with Debian's Chromium: `node scripts/render-icon.mjs` after editing the SVG.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const svg = readFileSync('resources/icon.svg', 'utf8');
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
await p.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="512" height="512"', 'width="1024" height="1024"')}</body></html>`);
await p.screenshot({ path: 'resources/icon.png', omitBackground: true, clip: { x: 0, y: 0, width: 1024, height: 1024 } });
await b.close();
