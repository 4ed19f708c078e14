/* global uPlot, document, window, getComputedStyle */
// Draws the report's charts from the JSON the server embedded: control against experiment, with the
// experiment's moments (injection, detection, recovery ...) as dashed lines. A classic script, no build.
(function () {
  'use strict';

  var payload = JSON.parse(document.getElementById('report-data').textContent);
  var css = getComputedStyle(document.documentElement);
  var COLOURS = {
    control: css.getPropertyValue('--control').trim() || '#3f6fd8',
    experiment: css.getPropertyValue('--experiment').trim() || '#e8590c',
  };
  var MARKER_COLOURS = {
    start: '#5b6475',
    injection: '#a3001b',
    detection: '#b7791f',
    recovery: '#2b8a3e',
    end: '#5b6475',
  };
  var HEIGHT = 240;

  function significant(value) {
    return Number(value.toPrecision(3)).toString();
  }

  // Probe units as the engine names them; anything else is shown beside the number as it is
  // (`short` for the axis, where the chart's caption already names the unit).
  function formatter(unit, short) {
    if (unit === 'seconds' || unit === 's') {
      return function (value) {
        return Math.abs(value) < 1 && value !== 0 ? significant(value * 1000) + ' ms' : significant(value) + ' s';
      };
    }
    if (unit === 'ratio') {
      return function (value) {
        return significant(value * 100) + ' %';
      };
    }
    return function (value) {
      return significant(value) + (unit && !short ? ' ' + unit : '');
    };
  }

  function clock(seconds) {
    return new Date(seconds * 1000).toISOString().slice(11, 19);
  }

  function markersPlugin(markers) {
    return {
      hooks: {
        draw: [
          function (u) {
            var ctx = u.ctx;
            var ratio = window.devicePixelRatio || 1;
            ctx.save();
            markers.forEach(function (marker, index) {
              var x = Math.round(u.valToPos(marker.at, 'x', true));
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
              var colour = MARKER_COLOURS[marker.label] || '#5b6475';
              ctx.strokeStyle = colour;
              ctx.fillStyle = colour;
              ctx.lineWidth = 1.5 * ratio;
              ctx.setLineDash([5 * ratio, 4 * ratio]);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.font = 11 * ratio + 'px system-ui, sans-serif';
              // Moments close together (injection, then detection seconds later) get their own rows.
              ctx.fillText(marker.label, x + 4 * ratio, u.bbox.top + (12 + 13 * (index % 3)) * ratio);
            });
            ctx.restore();
          },
        ],
      },
    };
  }

  function draw(figure, chart) {
    var plot = figure.querySelector('.plot');
    if (chart.x.length === 0) {
      var empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'No samples were recorded for this chart.';
      plot.appendChild(empty);
      return null;
    }
    var format = formatter(chart.unit, false);
    var axisFormat = formatter(chart.unit, true);
    var times = chart.x.concat(
      payload.markers.map(function (marker) {
        return marker.at;
      }),
    );
    var from = Math.min.apply(null, times);
    var to = Math.max.apply(null, times);
    var options = {
      width: Math.max(plot.clientWidth, 300),
      height: HEIGHT,
      // Room on the right for the last time label.
      padding: [12, 32, 0, 0],
      // The page states times in UTC; the axes do too.
      tzDate: function (seconds) {
        return uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');
      },
      scales: {
        x: {
          time: true,
          range: function () {
            return [from, to];
          },
        },
        y: {
          range: function (u, min, max) {
            // A flat series (no 5xx at all, say) would get uPlot's default span of 100: 10000 % for a ratio.
            if (min == null || max == null) return [0, 1];
            if (min === max) return [Math.min(0, min), max + (chart.unit === 'ratio' ? 0.01 : Math.abs(max) || 1)];
            return uPlot.rangeNum(min, max, 0.1, true);
          },
        },
      },
      series: [
        {
          label: 'time (UTC)',
          value: function (u, v) {
            return v == null ? '—' : clock(v);
          },
        },
        {
          label: 'control',
          stroke: COLOURS.control,
          width: 2,
          value: function (u, v) {
            return v == null ? '—' : format(v);
          },
        },
        {
          label: 'experiment',
          stroke: COLOURS.experiment,
          width: 2,
          value: function (u, v) {
            return v == null ? '—' : format(v);
          },
        },
      ],
      axes: [
        {
          // hh:mm:ss is about 60 px wide: fewer ticks on long windows, so that labels never overlap.
          space: 90,
          values: function (u, splits) {
            return splits.map(clock);
          },
        },
        {
          size: 64,
          values: function (u, splits) {
            return splits.map(axisFormat);
          },
        },
      ],
      plugins: [markersPlugin(payload.markers)],
    };
    return new uPlot(options, [chart.x, chart.control, chart.experiment], plot);
  }

  var plots = [];
  document.querySelectorAll('figure.chart').forEach(function (figure) {
    var plot = draw(figure, payload.charts[Number(figure.dataset.chart)]);
    if (plot) plots.push({ plot: plot, figure: figure });
  });
  window.addEventListener('resize', function () {
    plots.forEach(function (entry) {
      entry.plot.setSize({ width: Math.max(entry.figure.querySelector('.plot').clientWidth, 300), height: HEIGHT });
    });
  });
  document.body.dataset.charts = 'drawn';
})();
