/* global window, document, setInterval */
// The home page's live parts, read with the sign-in cookie: the experiments newest first (a running
// one's phase and its fault's time against its duration), the halt, and the suite runs. Refreshed
// every few seconds from GET /experiments, GET /experiments/{id}, GET /halt and GET /suites/runs.
(function () {
  'use strict';

  var kit = window.scaleKit;
  var el = kit.el;
  var REFRESH_MS = 5000;
  /** Rows shown until "Show every experiment" is pressed: each needs its detail once, for its targets. */
  var SHOWN = 25;
  var ACTIVE = ['pending', 'checking-steady-state', 'injecting', 'running', 'reverting', 'verifying'];
  var TONE = { completed: 'good', aborted: 'bad', failed: 'bad', refused: 'bad' };
  var PHASE = {
    pending: 'about to start',
    'checking-steady-state': 'checking both groups are steady',
    injecting: 'injecting the fault',
    running: 'fault in place, probing both groups',
    reverting: 'reverting the fault',
    verifying: 'awaiting recovery and the verdict',
  };

  /** Details by id: an ended experiment's is read once, an active one's at every refresh. */
  var details = {};
  var showAll = false;

  function tone(status) {
    return TONE[status] || (ACTIVE.indexOf(status) >= 0 ? 'busy' : 'neutral');
  }

  function refreshExperiments() {
    return kit.getJson('/experiments').then(function (list) {
      var shown = showAll ? list : list.slice(0, SHOWN);
      var stale = shown.filter(function (summary) {
        var known = details[summary.id];
        return !known || known.status !== summary.status || ACTIVE.indexOf(summary.status) >= 0;
      });
      return Promise.all(
        stale.map(function (summary) {
          return kit.getJson('/experiments/' + summary.id).then(function (detail) {
            details[summary.id] = detail;
          });
        }),
      ).then(function () {
        drawExperiments(list, shown);
      });
    });
  }

  function drawExperiments(list, shown) {
    var body = document.querySelector('#experiments tbody');
    body.textContent = '';
    if (list.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: 7, className: 'meta', text: 'No experiment yet.' })]));
    }
    shown.forEach(function (summary) {
      body.appendChild(experimentRow(summary, details[summary.id]));
    });
    var more = document.getElementById('experiments-all');
    more.hidden = showAll || list.length <= SHOWN;
    more.textContent = 'Show every experiment (' + list.length + ')';
    document.getElementById('experiments-updated').textContent =
      'updated ' + kit.time(new Date().toISOString()) + ' UTC';
    tick();
  }

  function experimentRow(summary, detail) {
    var experimentDocument = detail && detail.document;
    var title = el('th', { scope: 'row' }, [
      el('a', { href: '/experiments/' + summary.id + '/report', text: summary.title }),
      experimentDocument && experimentDocument.dryRun
        ? el('span', { className: 'badge neutral', text: 'dry run' })
        : null,
    ]);
    return el('tr', { dataset: { id: summary.id }, className: 'status-' + summary.status }, [
      title,
      el('td', {}, [kit.badge(summary.status, tone(summary.status)), live(summary, detail)]),
      el('td', {}, [el('code', { text: summary.faultKind })]),
      el('td', { className: 'targets' }, targets(detail)),
      el('td', {}, verdict(summary)),
      el('td', { className: 'number' }, mttd(summary.verdict)),
      el('td', { className: 'when', text: kit.time(summary.startedAt || summary.createdAt) }),
    ]);
  }

  /** A running experiment's phase, and its fault's time against its duration, ticking every second. */
  function live(summary, detail) {
    if (ACTIVE.indexOf(summary.status) < 0 || !detail) return null;
    var clock = el('span', { className: 'clock' });
    clock.dataset.since = detail.injectedAt || detail.startedAt || detail.createdAt;
    clock.dataset.fault = detail.injectedAt ? 'true' : 'false';
    clock.dataset.duration = String(detail.document.durationSeconds);
    var bar = detail.injectedAt ? el('progress', { max: detail.document.durationSeconds, value: 0 }) : null;
    return el('div', { className: 'live' }, [
      el('span', { className: 'meta', text: PHASE[summary.status] }),
      clock,
      bar,
    ]);
  }

  function tick() {
    document.querySelectorAll('#experiments .live').forEach(function (box) {
      var clock = box.querySelector('.clock');
      var elapsed = Math.max(0, (Date.now() - Date.parse(clock.dataset.since)) / 1000);
      var duration = Number(clock.dataset.duration);
      if (clock.dataset.fault !== 'true') {
        clock.textContent = kit.seconds(elapsed) + ' since the start';
      } else if (elapsed <= duration) {
        clock.textContent = 'fault ' + kit.seconds(elapsed) + ' / ' + kit.seconds(duration);
      } else {
        clock.textContent = 'fault over, ' + kit.seconds(elapsed) + ' since the injection';
      }
      var bar = box.querySelector('progress');
      if (bar) bar.value = Math.min(elapsed, duration);
    });
  }

  function targets(detail) {
    if (!detail) return [kit.MISSING];
    if (detail.targets.length === 0) return [el('span', { className: 'meta', text: 'none' })];
    return detail.targets.map(function (target) {
      return el('code', { text: target });
    });
  }

  function verdict(summary) {
    var result = summary.verdict;
    if (!result) {
      return [el('span', { className: 'meta', text: ACTIVE.indexOf(summary.status) >= 0 ? 'pending' : kit.MISSING })];
    }
    var hypothesis =
      result.hypothesis === 'not-evaluated'
        ? kit.badge('not evaluated', 'neutral')
        : kit.badge('hypothesis ' + result.hypothesis, result.hypothesis === 'held' ? 'good' : 'bad');
    return [
      hypothesis,
      ' ',
      kit.badge(result.recovered ? 'recovered' : 'not recovered', result.recovered ? 'good' : 'bad'),
    ];
  }

  /** The fastest detection among the expected alerts (the one that would have paged), beside its floor. */
  function mttd(result) {
    if (!result) return [kit.MISSING];
    if (result.detection.length === 0) return [el('span', { className: 'meta', text: 'no alert expected' })];
    var first = result.detection
      .filter(function (entry) {
        return entry.detected && entry.mttdSeconds !== null;
      })
      .sort(function (a, b) {
        return a.mttdSeconds - b.mttdSeconds;
      })[0];
    var floor =
      first && first.floor && typeof first.floor.total === 'number' ? first.floor.total : result.detectionFloorSeconds;
    var floorText =
      typeof floor === 'number' ? el('span', { className: 'meta floor', text: 'floor ' + kit.seconds(floor) }) : null;
    if (!first) return [kit.badge('not detected', 'bad'), floorText];
    return [
      el('span', { className: 'mttd', text: kit.seconds(first.mttdSeconds) }),
      el('span', { className: 'meta alert', text: first.alertname }),
      floorText,
    ];
  }

  function refreshHalt() {
    return kit.getJson('/halt').then(function (state) {
      drawHalt(state.halted);
    });
  }

  function drawHalt(halted) {
    var panel = document.getElementById('halt');
    panel.classList.toggle('halted', halted);
    panel.dataset.halted = halted ? 'true' : 'false';
    var state = document.getElementById('halt-state');
    state.textContent = '';
    state.appendChild(kit.badge(halted ? 'halted' : 'not halted', halted ? 'bad' : 'good'));
    state.appendChild(
      document.createTextNode(
        halted ? ' Nothing starts until the halt is released.' : ' Experiments and suites may start.',
      ),
    );
    var haltButton = document.getElementById('halt-button');
    var releaseButton = document.getElementById('release-button');
    if (haltButton) haltButton.hidden = halted;
    if (releaseButton) releaseButton.hidden = !halted;
  }

  var RUN_TONE = { running: 'busy', completed: 'good', halted: 'bad', failed: 'bad', interrupted: 'bad' };
  var STEP_TONE = {
    waiting: 'neutral',
    running: 'busy',
    completed: 'good',
    aborted: 'bad',
    failed: 'bad',
    refused: 'bad',
    'not-started': 'bad',
    interrupted: 'bad',
    skipped: 'neutral',
  };

  function refreshRuns() {
    return kit.getJson('/suites/runs').then(drawRuns);
  }

  function drawRuns(runs) {
    var box = document.getElementById('suite-runs');
    box.textContent = '';
    if (runs.length === 0) box.appendChild(el('p', { className: 'meta', text: 'No suite has been run yet.' }));
    runs.forEach(function (run) {
      var steps = run.experiments.map(function (step) {
        var name = step.experimentId
          ? el('a', { href: '/experiments/' + step.experimentId + '/report', text: step.title })
          : el('span', { text: step.title });
        return el('li', { dataset: { status: step.status } }, [
          kit.badge(step.status, STEP_TONE[step.status]),
          ' ',
          name,
          ' ',
          el('code', { className: 'meta', text: step.file }),
          step.detail ? el('p', { className: 'meta detail', text: step.detail }) : null,
        ]);
      });
      box.appendChild(
        el('article', { className: 'suite-run', dataset: { id: run.id, status: run.status } }, [
          el('header', {}, [
            el('strong', { text: run.suite }),
            ' ',
            kit.badge(run.status, RUN_TONE[run.status]),
            ' ',
            run.dryRun ? kit.badge('dry run', 'neutral') : null,
            ' ',
            el('span', {
              className: 'meta',
              text:
                'started by ' +
                run.createdBy +
                ' at ' +
                kit.time(run.createdAt) +
                ' UTC' +
                (run.endedAt ? ', ended ' + kit.time(run.endedAt) + ' UTC' : ''),
            }),
          ]),
          run.reason ? el('p', { className: 'meta', text: run.reason }) : null,
          el('ol', { className: 'steps' }, steps),
        ]),
      );
    });
  }

  /** Everything live, at once; a failure shows over the page and is tried again next time. */
  function refresh() {
    return Promise.all([refreshExperiments(), refreshHalt(), refreshRuns()]).then(kit.clearProblem, kit.showProblem);
  }

  document.getElementById('experiments-all').addEventListener('click', function () {
    showAll = true;
    void refresh();
  });

  window.scaleHome = { refresh: refresh, drawHalt: drawHalt };
  refresh().then(function () {
    document.body.dataset.home = 'ready';
  });
  setInterval(refresh, REFRESH_MS);
  setInterval(tick, 1000);
})();
