import type { Principal } from '../auth/token-registry';
import { html, type SafeHtml } from '../report/html';
import { pageShell } from '../report/page-shell';
import { formatSeconds } from '../report/report-format';
import type { SuiteView } from '../suites/suite-views';
import { targetText } from './suite-text';

export interface HomePageData {
  readonly principal: Principal;
  readonly halted: boolean;
  readonly suites: readonly SuiteView[];
}

/**
 * The runner's home page: the halt, the experiments newest first, the suites and their runs, and the
 * on-call statistics of the ledger. What does not change while the page is open (the suites, who is
 * signed in) is drawn here; the rest is filled and kept fresh by home.js and oncall.js from the JSON
 * endpoints. Trigger buttons are drawn only for a read-write token; they ask for that token again,
 * since the sign-in cookie only reads.
 */
export function renderHomePage({ principal, halted, suites }: HomePageData): string {
  const canTrigger = principal.access === 'read-write';
  return pageShell({
    title: 'Scale chaos runner',
    stylesheets: ['/report-assets/uPlot.min.css', '/report-assets/home.css'],
    scripts: [
      '/report-assets/uPlot.iife.min.js',
      '/report-assets/page-kit.js',
      '/report-assets/home.js',
      '/report-assets/triggers.js',
      '/report-assets/oncall.js',
    ],
    body: html`
      <div id="home" data-can-trigger="${canTrigger ? 'true' : 'false'}">
        <section class="home-heading">
          <h1>Chaos runner</h1>
          <form method="post" action="/sign-out" class="who">
            <span class="meta">Signed in as <strong id="who">${principal.name}</strong>
              <span class="badge ${canTrigger ? 'busy' : 'neutral'}" id="access">${canTrigger ? 'read-write' : 'read-only'}</span></span>
            <button type="button" class="link" id="forget-token" hidden>Forget the token of this tab</button>
            <button type="submit" class="link">Sign out</button>
          </form>
        </section>
        <p class="error" role="alert" id="page-problem" hidden></p>
        ${haltPanel(halted, canTrigger)}
        ${experimentsSection()}
        ${suitesSection(suites, canTrigger)}
        ${oncallSection()}
        ${canTrigger ? confirmDialog() : ''}
      </div>`,
  });
}

function haltPanel(halted: boolean, canTrigger: boolean): SafeHtml {
  return html`
    <section id="halt" class="panel${halted ? ' halted' : ''}" aria-labelledby="halt-heading" data-halted="${halted ? 'true' : 'false'}">
      <div>
        <h2 id="halt-heading">Halt</h2>
        <p id="halt-state">${
          halted
            ? html`<span class="badge bad">halted</span> Nothing starts until the halt is released.`
            : html`<span class="badge good">not halted</span> Experiments and suites may start.`
        }</p>
      </div>
      ${
        canTrigger
          ? html`<div class="actions">
              <button type="button" class="danger" id="halt-button"${halted ? html` hidden` : ''}>Halt everything…</button>
              <button type="button" id="release-button"${halted ? '' : html` hidden`}>Release the halt…</button>
            </div>`
          : ''
      }
    </section>`;
}

function experimentsSection(): SafeHtml {
  return html`
    <section id="experiments-section" aria-labelledby="experiments-heading">
      <h2 id="experiments-heading">Experiments <span class="meta" id="experiments-updated"></span></h2>
      <div class="scroll">
        <table id="experiments">
          <thead>
            <tr><th>Experiment</th><th>Status</th><th>Fault</th><th>Targets</th><th>Verdict</th>
              <th class="number" title="Injection to the first expected alert; its floor is the earliest it could be">MTTD (floor)</th><th>Started (UTC)</th></tr>
          </thead>
          <tbody><tr><td colspan="7" class="meta">Loading…</td></tr></tbody>
        </table>
      </div>
      <p><button type="button" class="link" id="experiments-all" hidden>Show every experiment</button></p>
    </section>`;
}

function suitesSection(suites: readonly SuiteView[], canTrigger: boolean): SafeHtml {
  return html`
    <section id="suites" aria-labelledby="suites-heading">
      <h2 id="suites-heading">Suites</h2>
      <p class="meta">Each suite runs its experiments one after another, each awaited to its end; a halt ends the run.</p>
      ${suites.length === 0 ? html`<p class="meta">No suite in <code>RUNNER_SUITES_DIR</code>.</p>` : ''}
      ${suites.map((suite) => suiteCard(suite, canTrigger))}
      <h3>Suite runs</h3>
      <div id="suite-runs"><p class="meta">Loading…</p></div>
    </section>`;
}

function suiteCard(suite: SuiteView, canTrigger: boolean): SafeHtml {
  const faultSeconds = suite.experiments.reduce((sum, experiment) => sum + experiment.durationSeconds, 0);
  return html`
    <article class="suite" data-suite="${suite.name}">
      <header>
        <h3>${suite.name}</h3>
        <span class="meta">${suite.experiments.length} experiment(s) · ${formatSeconds(faultSeconds)} of faults</span>
        ${canTrigger ? html`<button type="button" class="run-suite" data-suite="${suite.name}">Run this suite…</button>` : ''}
      </header>
      <div class="scroll">
        <table>
          <thead><tr><th>File</th><th>Experiment</th><th>Fault</th><th>Target</th><th class="number">Duration</th><th>Expected alerts</th></tr></thead>
          <tbody>
            ${suite.experiments.map(
              (experiment) => html`<tr>
                <td><code>${experiment.file}</code></td>
                <th scope="row">${experiment.title}${experiment.dryRun ? html` <span class="badge neutral">dry run</span>` : ''}</th>
                <td><code>${experiment.faultKind}</code></td>
                <td>${targetText(experiment)}</td>
                <td class="number">${formatSeconds(experiment.durationSeconds)}</td>
                <td>${
                  experiment.expectedAlerts.length === 0
                    ? html`<span class="meta">none</span>`
                    : experiment.expectedAlerts.map(
                        (alert, index) =>
                          html`${index ? ', ' : ''}<code>${alert.alertname}</code> <span class="meta">≤ ${formatSeconds(alert.withinSeconds)}</span>`,
                      )
                }</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </article>`;
}

function oncallSection(): SafeHtml {
  const chart = (id: string, caption: string) =>
    html`<figure class="chart small" id="${id}"><figcaption>${caption}</figcaption><div class="plot"></div></figure>`;
  return html`
    <section id="oncall" aria-labelledby="oncall-heading">
      <h2 id="oncall-heading">On call <span class="meta" id="oncall-range"></span></h2>
      <p class="meta" id="oncall-status">Loading the alert ledger…</p>
      <div class="charts">
        ${chart('chart-alerts', 'Alerts per service per week')}
        ${chart('chart-incidents', 'Incidents per SEV per week')}
        ${chart('chart-noise', 'Alerts and noisy alerts per week')}
      </div>
      <h3>Alerts per service per week</h3>
      <div class="scroll"><table id="alerts-by-service"></table></div>
      <h3>Incidents per SEV per week</h3>
      <div class="scroll"><table id="incidents-by-sev"></table></div>
      <h3><label for="week">Week</label> <select id="week"></select></h3>
      <div class="two-columns">
        <div><h4>Top 20 alerts</h4><table id="top-alerts"></table></div>
        <div><h4>Noisy alerts <span class="meta">resolved by themselves, nothing to explain them</span></h4><table id="noisy-alerts"></table></div>
      </div>
      <h3>MTTR and MTBF per service</h3>
      <div class="scroll"><table id="services"></table></div>
    </section>`;
}

function confirmDialog(): SafeHtml {
  return html`
    <dialog id="confirm" aria-labelledby="confirm-title">
      <form method="dialog" id="confirm-form">
        <h2 id="confirm-title"></h2>
        <div id="confirm-body"></div>
        <label class="check" id="confirm-dry-run-row" hidden>
          <input type="checkbox" id="confirm-dry-run" checked> Dry run: targets chosen and journalled, nothing injected
        </label>
        <p id="confirm-reason-row" hidden>
          <label for="confirm-reason">Reason <span class="meta">(for the journal of every experiment it stops)</span></label>
          <input id="confirm-reason" maxlength="500" autocomplete="off">
        </p>
        <p id="confirm-token-row">
          <label for="confirm-token">Read-write token</label>
          <input id="confirm-token" type="password" autocomplete="off" spellcheck="false">
          <span class="meta">Sent in this request's Authorization header and kept in this tab only (sessionStorage):
            the sign-in cookie reads, it never starts or stops anything.</span>
        </p>
        <p class="error" role="alert" id="confirm-error" hidden></p>
        <div class="actions">
          <button type="button" id="confirm-cancel">Cancel</button>
          <button type="submit" class="danger" id="confirm-ok">Confirm</button>
        </div>
      </form>
    </dialog>`;
}
