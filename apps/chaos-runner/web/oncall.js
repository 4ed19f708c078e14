/* global uPlot, window, document, setInterval */
// The home page's on-call statistics, as the alert ledger computes them (GET /alerts/statistics/weekly
// and /services, the last 12 ISO weeks): small charts per week, and the tables behind them.
(function () {
  'use strict';

  var kit = window.scaleKit;
  var el = kit.el;
  var REFRESH_MS = 60000;
  var HEIGHT = 180;
  var PALETTE = ['#3f6fd8', '#e8590c', '#2b8a3e', '#7048e8', '#b7791f', '#0c8599', '#c2255c', '#5b6475'];
  var SEV_COLOURS = { SEV1: '#a3001b', SEV2: '#e8590c', SEV3: '#b7791f', SEV4: '#5b6475' };
  var plots = [];
  var weekly = null;

  function load() {
    return Promise.all([kit.getJson('/alerts/statistics/weekly'), kit.getJson('/alerts/statistics/services')]).then(
      function (answers) {
        weekly = answers[0];
        draw(answers[0], answers[1]);
        document.body.dataset.oncall = 'drawn';
      },
      function (error) {
        document.getElementById('oncall-status').textContent = 'Could not read the alert ledger: ' + error.message;
      },
    );
  }

  function serviceKey(entry) {
    return (entry.service || '(no service)') + ' · ' + (entry.group || '(no group)');
  }

  /** Every key's count per week, 0 where the week had none; keys by total, largest first. */
  function perWeek(weeks, entriesOf, keyOf) {
    var table = {};
    weeks.forEach(function (week, index) {
      entriesOf(week).forEach(function (entry) {
        var key = keyOf(entry);
        table[key] =
          table[key] ||
          weeks.map(function () {
            return 0;
          });
        table[key][index] += entry.count;
      });
    });
    return Object.keys(table)
      .map(function (key) {
        return { key: key, counts: table[key], total: table[key].reduce(sum, 0) };
      })
      .sort(function (a, b) {
        return b.total - a.total || a.key.localeCompare(b.key);
      });
  }

  function sum(a, b) {
    return a + b;
  }

  function draw(statistics, services) {
    var weeks = statistics.weeks;
    var labels = weeks.map(function (week) {
      return week.week;
    });
    var total = weeks.reduce(function (all, week) {
      return all + week.alerts;
    }, 0);
    document.getElementById('oncall-range').textContent = labels.length
      ? labels[0] + ' to ' + labels[labels.length - 1]
      : '';
    document.getElementById('oncall-status').textContent =
      total === 0
        ? 'No alert in the ledger over these weeks.'
        : total +
          ' alert occurrence(s); an alert resolving by itself within ' +
          kit.seconds(statistics.noiseSeconds) +
          ', with no experiment or action behind it, is noise.';
    var byService = perWeek(
      weeks,
      function (week) {
        return week.alertsByService;
      },
      serviceKey,
    );
    var bySev = weeks[0]
      ? weeks[0].incidentsBySev.map(function (level, index) {
          return {
            key: level.sev,
            counts: weeks.map(function (week) {
              return week.incidentsBySev[index].count;
            }),
          };
        })
      : [];
    plots.forEach(function (plot) {
      plot.destroy();
    });
    plots = [
      chart('chart-alerts', labels, byService.map(series(PALETTE))),
      chart('chart-incidents', labels, bySev.map(series(null))),
      chart('chart-noise', labels, [
        {
          key: 'alerts',
          counts: weeks.map(function (week) {
            return week.alerts;
          }),
          colour: PALETTE[0],
        },
        {
          key: 'noisy',
          counts: weeks.map(function (week) {
            return week.noisy;
          }),
          colour: PALETTE[1],
        },
      ]),
    ];
    countTable('alerts-by-service', 'Service · group', labels, byService);
    countTable('incidents-by-sev', 'SEV', labels, bySev);
    drawWeekSelect(labels);
    drawWeek();
    servicesTable(services.services);
  }

  function series(palette) {
    return function (entry, index) {
      return {
        key: entry.key,
        counts: entry.counts,
        colour: palette ? palette[index % palette.length] : SEV_COLOURS[entry.key],
      };
    };
  }

  /** A small chart of counts per week; x is the week's index, labelled with its ISO week. */
  function chart(id, labels, lines) {
    var figure = document.getElementById(id);
    var plot = figure.querySelector('.plot');
    plot.textContent = '';
    var x = labels.map(function (_, index) {
      return index;
    });
    var step = Math.max(1, Math.ceil(labels.length / 6));
    var options = {
      width: Math.max(plot.clientWidth, 260),
      height: HEIGHT,
      padding: [8, 12, 0, 0],
      scales: {
        x: {
          time: false,
          range: function () {
            return [-0.3, Math.max(labels.length - 0.7, 0.7)];
          },
        },
        y: {
          range: function (u, min, max) {
            return [0, Math.max(1, Math.ceil((max || 0) * 1.15))];
          },
        },
      },
      axes: [
        {
          splits: function () {
            return x.filter(function (index) {
              return (labels.length - 1 - index) % step === 0;
            });
          },
          values: function (u, splits) {
            return splits.map(function (index) {
              return labels[index] ? labels[index].slice(5) : '';
            });
          },
        },
        { size: 40 },
      ],
      series: [
        {
          label: 'week',
          value: function (u, index) {
            return index == null ? '—' : labels[index];
          },
        },
      ].concat(
        lines.map(function (line) {
          return { label: line.key, stroke: line.colour, width: 2, points: { show: true, size: 5 } };
        }),
      ),
    };
    var data = [x].concat(
      lines.map(function (line) {
        return line.counts;
      }),
    );
    return new uPlot(options, data, plot);
  }

  function cells(tag, values, className) {
    return values.map(function (value) {
      return el(tag, { text: value, className: className });
    });
  }

  function countTable(id, heading, labels, rows) {
    var table = document.getElementById(id);
    table.textContent = '';
    table.appendChild(
      el('thead', {}, [
        el(
          'tr',
          {},
          [el('th', { text: heading })].concat(cells('th', labels, 'number'), [
            el('th', { className: 'number', text: 'Total' }),
          ]),
        ),
      ]),
    );
    var body = el('tbody');
    if (rows.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: labels.length + 2, className: 'meta', text: 'None.' })]));
    }
    rows.forEach(function (row) {
      body.appendChild(
        el(
          'tr',
          {},
          [el('th', { scope: 'row', text: row.key })].concat(cells('td', row.counts, 'number'), [
            el('td', { className: 'number total', text: row.counts.reduce(sum, 0) }),
          ]),
        ),
      );
    });
    table.appendChild(body);
  }

  function drawWeekSelect(labels) {
    var select = document.getElementById('week');
    var chosen = select.value;
    select.textContent = '';
    labels
      .slice()
      .reverse()
      .forEach(function (label) {
        select.appendChild(el('option', { value: label, text: label }));
      });
    if (chosen && labels.indexOf(chosen) >= 0) select.value = chosen;
  }

  /** The chosen week's top 20 alerts and its noisy alerts. */
  function drawWeek() {
    var label = document.getElementById('week').value;
    var week = (weekly ? weekly.weeks : []).filter(function (candidate) {
      return candidate.week === label;
    })[0];
    alertTable('top-alerts', week ? week.topAlerts : []);
    alertTable('noisy-alerts', week ? week.noisyAlerts : []);
  }

  function alertTable(id, rows) {
    var table = document.getElementById(id);
    table.textContent = '';
    table.appendChild(
      el('thead', {}, [
        el(
          'tr',
          {},
          cells('th', ['Alert', 'Service', 'Group']).concat([el('th', { className: 'number', text: 'Count' })]),
        ),
      ]),
    );
    var body = el('tbody');
    if (rows.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: 4, className: 'meta', text: 'None this week.' })]));
    }
    rows.forEach(function (row) {
      body.appendChild(
        el('tr', {}, [
          el('th', { scope: 'row' }, [el('code', { text: row.alertname })]),
          el('td', { text: row.service || kit.MISSING }),
          el('td', { text: row.group || kit.MISSING }),
          el('td', { className: 'number', text: row.count }),
        ]),
      );
    });
    table.appendChild(body);
  }

  /** MTTR and MTBF per service, each with a bar against the largest, and how long alerts take to resolve. */
  function servicesTable(services) {
    var table = document.getElementById('services');
    table.textContent = '';
    var longest = { mttr: 0, mtbf: 0 };
    services.forEach(function (entry) {
      longest.mttr = Math.max(longest.mttr, entry.mttrSeconds || 0);
      longest.mtbf = Math.max(longest.mtbf, entry.mtbfSeconds || 0);
    });
    var heads = ['Service', 'Group', 'Alerts', 'Firing', 'Incidents', 'MTTR', 'MTBF', 'Resolve p50', 'Resolve p90'];
    table.appendChild(
      el('thead', {}, [
        el(
          'tr',
          {},
          heads.map(function (head, index) {
            return el('th', { text: head, className: index >= 2 ? 'number' : undefined });
          }),
        ),
      ]),
    );
    var body = el('tbody');
    if (services.length === 0) {
      body.appendChild(
        el('tr', {}, [el('td', { colspan: heads.length, className: 'meta', text: 'No alert over these weeks.' })]),
      );
    }
    services.forEach(function (entry) {
      body.appendChild(
        el('tr', {}, [
          el('th', { scope: 'row', text: entry.service || kit.MISSING }),
          el('td', { text: entry.group || kit.MISSING }),
          el('td', { className: 'number', text: entry.alerts }),
          el('td', { className: 'number', text: entry.firing }),
          el('td', { className: 'number', text: entry.incidents }),
          barCell(entry.mttrSeconds, longest.mttr, 'mttr'),
          barCell(entry.mtbfSeconds, longest.mtbf, 'mtbf'),
          el('td', { className: 'number', text: kit.seconds(entry.timeToResolve.p50Seconds) }),
          el('td', { className: 'number', text: kit.seconds(entry.timeToResolve.p90Seconds) }),
        ]),
      );
    });
    table.appendChild(body);
  }

  function barCell(value, largest, kind) {
    var bar = el('span', { className: 'bar ' + kind });
    // Set through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    bar.style.width = value && largest ? Math.max(2, Math.round((100 * value) / largest)) + '%' : '0';
    return el('td', { className: 'number bar-cell' }, [
      el('span', { className: 'bar-track' }, [bar]),
      el('span', { text: kit.seconds(value) }),
    ]);
  }

  document.getElementById('week').addEventListener('change', drawWeek);
  window.addEventListener('resize', function () {
    plots.forEach(function (plot) {
      var box = plot.root.parentNode;
      plot.setSize({ width: Math.max(box.clientWidth, 260), height: HEIGHT });
    });
  });
  void load();
  setInterval(load, REFRESH_MS);
})();
