// Drives the mlmdctl ui page in the system's headless Chromium for
// test/mlmdctl_ui_test.cc and prints one JSON object of what the page showed;
// the C++ test compares it with what the gRPC API says.
//
//   node ui_driver.js <mode> <base url> <screenshot dir> [json args]
//   mode "lineage": search by type/name, open the first hit, expand the
//                   graph, read the node ids shown, open a run page,
//                   try bad inputs.
//   mode "down":    load the search page while the MLMD server is down.
// Needs CHROMIUM (default /usr/bin/chromium); never downloads a browser.
'use strict';
const puppeteer = require('puppeteer-core');
const path = require('path');

const [mode, base, shotDir, argJson] = process.argv.slice(2);
const args = argJson ? JSON.parse(argJson) : {};
const out = { mode, page_errors: [], console_errors: [] };

async function graphIds(page) {
  return page.evaluate(() => window.mlmdGraph.nodes().map((n) => n.id()).sort());
}

// Waits until the graph status line is no longer "Loading…".
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('#graph-status');
    return s && !s.textContent.includes('Loading');
  }, { timeout: 20000 });
}

async function errorText(page) {
  await page.waitForSelector('#error:not([hidden])', { timeout: 20000 });
  return page.$eval('#error', (e) => e.textContent);
}

async function lineage(page) {
  // Search: the type dropdown is filled from the store, then name and submit.
  await page.goto(base + '/#/', { waitUntil: 'load' });
  await page.waitForSelector('#f-type option[value="' + args.type + '"]');
  // The unfiltered listing first, so it cannot be taken for the answer.
  await page.waitForSelector('#results-table tbody tr, #no-results');
  await page.select('#f-type', args.type);
  await page.type('#f-name', args.name_pattern);
  await page.click('#search-btn');
  // The answer to this search: its filter line shown, then rows or "none".
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('p.muted span.mono')]
      .some((s) => s.textContent.includes('name LIKE'));
    return shown && (document.querySelector('#results-table tbody tr') ||
                     document.querySelector('#no-results'));
  });
  out.search_ids = await page.$$eval('#results-table tbody tr',
                                     (rows) => rows.map((r) => r.dataset.id));
  await page.screenshot({ path: path.join(shotDir, 'mlmdctl_ui_search.png') });

  // Open the first hit, then grow its lineage hop by hop.
  await page.click('#results-table tbody tr a.artifact-link');
  await page.waitForSelector('#graph canvas');
  await settled(page);
  out.title = await page.$eval('#node-title', (e) => e.textContent);
  out.start = await graphIds(page);
  await page.click('#hop-up');
  await settled(page);
  out.up1 = await graphIds(page);
  await page.click('#hop-up');
  await settled(page);
  out.up2 = await graphIds(page);
  await page.click('#hop-down');
  await settled(page);
  out.up2_down1 = await graphIds(page);
  out.custom_props = await page.$eval('#custom-props', (e) => e.textContent);
  out.uri = await page.$eval('#node-uri', (e) => e.textContent);
  await page.screenshot({ path: path.join(shotDir, 'mlmdctl_ui_artifact.png') });

  // An execution page starts its own graph at the execution; one hop
  // downstream from a node picked in the graph uses the side panel.
  await page.goto(base + '/#/execution/' + args.execution_id, { waitUntil: 'load' });
  await page.waitForSelector('#graph canvas');
  await settled(page);
  out.execution_title = await page.$eval('#node-title', (e) => e.textContent);
  await page.click('#expand-node-down');
  await settled(page);
  out.execution_down1 = await graphIds(page);

  // The runs list links each system.PipelineRun context.
  await page.goto(base + '/#/runs', { waitUntil: 'load' });
  await page.waitForSelector('a.run-link');
  out.runs = await page.$$eval('a.run-link', (l) => l.map((a) => a.textContent));

  // A run page: tasks with their names and states, metrics values.
  await page.goto(base + '/#/run/' + args.run_id, { waitUntil: 'load' });
  await page.waitForSelector('#tasks tbody tr');
  out.task_names = await page.$$eval('#tasks td.task-name', (c) => c.map((x) => x.textContent));
  out.metrics_text = await page.$eval('#metrics', (e) => e.textContent).catch(() => '');
  await page.screenshot({ path: path.join(shotDir, 'mlmdctl_ui_run.png') });

  // Bad input: each must show a message, not a blank page or a trace.
  await page.goto(base + '/#/artifact/' + args.missing_id, { waitUntil: 'load' });
  out.missing_error = await errorText(page);
  await page.goto(base + '/#/artifact/abc', { waitUntil: 'load' });
  out.bad_id_error = await errorText(page);
  await page.goto(base + '/#/', { waitUntil: 'load' });
  await page.waitForSelector('#f-filter');
  await page.type('#f-filter', args.bad_filter);
  await page.click('#search-btn');
  out.bad_filter_error = await errorText(page);
  await page.screenshot({ path: path.join(shotDir, 'mlmdctl_ui_bad_filter.png') });
}

async function down(page) {
  await page.goto(base + '/#/', { waitUntil: 'load' });
  out.down_error = await errorText(page);
  await page.screenshot({ path: path.join(shotDir, 'mlmdctl_ui_server_down.png') });
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
           '--no-first-run', '--font-render-hinting=none'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    page.setDefaultTimeout(20000);
    page.on('pageerror', (e) => out.page_errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') out.console_errors.push(m.text()); });
    if (mode === 'lineage') await lineage(page);
    else if (mode === 'down') await down(page);
    else throw new Error('unknown mode ' + mode);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => {
  process.stdout.write(JSON.stringify({ ...out, driver_error: String(e && e.stack || e) }) + '\n');
  process.exit(1);
});
