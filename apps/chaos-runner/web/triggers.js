/* global window, document, sessionStorage */
// The home page's buttons: halt, release, run a suite. Each asks for confirmation, and for a read-write
// token the first time: the sign-in cookie only reads (by design), so a trigger sends the token in the
// Authorization header. The token is kept in this tab only (sessionStorage), forgotten when it closes,
// and at once if the runner refuses it. Only drawn for a read-write sign-in; the runner checks anyway.
(function () {
  'use strict';

  var kit = window.scaleKit;
  var el = kit.el;
  var dialog = document.getElementById('confirm');
  if (!dialog) return;
  var TOKEN_KEY = 'scale-runner-token';
  var form = document.getElementById('confirm-form');
  var field = document.getElementById('confirm-token');
  var problem = document.getElementById('confirm-error');
  var forget = document.getElementById('forget-token');
  /** The action the open dialog confirms. */
  var pending = null;

  function storedToken() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function keepToken(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    forget.hidden = false;
  }

  function forgetToken() {
    sessionStorage.removeItem(TOKEN_KEY);
    forget.hidden = true;
  }

  /** What a refusal means for the person holding the token. */
  function explain(error) {
    if (error.status === 401) return 'That token is not one this runner knows.';
    if (error.status === 403) {
      return 'That token is read-only: halting, releasing and running suites need a read-write token (RUNNER_TOKENS).';
    }
    return error.message || String(error);
  }

  /**
   * Opens the dialog: `body` (nodes) says what will happen; `options` shows the dry-run box or the
   * reason field; `run(token, choices)` sends the request and resolves with a message for the page.
   */
  function confirmAction(action) {
    pending = action;
    document.getElementById('confirm-title').textContent = action.title;
    var body = document.getElementById('confirm-body');
    body.textContent = '';
    action.body.forEach(function (node) {
      body.appendChild(typeof node === 'string' ? el('p', { text: node }) : node);
    });
    document.getElementById('confirm-dry-run-row').hidden = !action.dryRun;
    document.getElementById('confirm-dry-run').checked = true;
    document.getElementById('confirm-reason-row').hidden = !action.reason;
    document.getElementById('confirm-reason').value = '';
    document.getElementById('confirm-ok').textContent = action.confirm;
    document.getElementById('confirm-token-row').hidden = storedToken() !== null;
    field.value = '';
    problem.hidden = true;
    dialog.showModal();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var token = storedToken() || field.value.trim();
    if (!token) {
      showError('A read-write token is needed: the sign-in cookie only reads.');
      return;
    }
    var choices = {
      dryRun: document.getElementById('confirm-dry-run').checked,
      reason: document.getElementById('confirm-reason').value.trim(),
    };
    var ok = document.getElementById('confirm-ok');
    ok.disabled = true;
    pending
      .run(token, choices)
      .then(function (message) {
        keepToken(token);
        dialog.close();
        notice(message);
        return window.scaleHome.refresh();
      })
      .catch(function (error) {
        if (error.status === 401 || error.status === 403) {
          forgetToken();
          document.getElementById('confirm-token-row').hidden = false;
        }
        showError(explain(error));
      })
      .finally(function () {
        ok.disabled = false;
      });
  });

  function showError(text) {
    problem.textContent = text;
    problem.hidden = false;
  }

  function notice(text) {
    var box = document.getElementById('page-notice');
    if (!box) {
      box = el('p', { id: 'page-notice', className: 'notice', role: 'status' });
      document.getElementById('halt').before(box);
    }
    box.textContent = text;
  }

  document.getElementById('confirm-cancel').addEventListener('click', function () {
    dialog.close();
  });
  forget.hidden = storedToken() === null;
  forget.addEventListener('click', forgetToken);

  var haltButton = document.getElementById('halt-button');
  haltButton.addEventListener('click', function () {
    confirmAction({
      title: 'Halt everything?',
      body: [
        'Every running experiment is aborted and every open fault reverted now; no experiment or suite starts until the halt is released.',
      ],
      reason: true,
      confirm: 'Halt',
      run: function (token, choices) {
        return kit
          .send('POST', '/halt', token, choices.reason ? { reason: choices.reason } : {})
          .then(function (answer) {
            window.scaleHome.drawHalt(true);
            return 'Halted: ' + answer.reverted + ' fault(s) reverted.';
          });
      },
    });
  });

  document.getElementById('release-button').addEventListener('click', function () {
    confirmAction({
      title: 'Release the halt?',
      body: ['Experiments and suites may start again. Nothing starts by itself.'],
      confirm: 'Release',
      run: function (token) {
        return kit.send('DELETE', '/halt', token).then(function () {
          window.scaleHome.drawHalt(false);
          return 'The halt is released.';
        });
      },
    });
  });

  document.querySelectorAll('button.run-suite').forEach(function (button) {
    button.addEventListener('click', function () {
      var suite = button.dataset.suite;
      var titles = Array.prototype.map.call(
        document.querySelectorAll('article.suite[data-suite="' + suite + '"] tbody th'),
        function (cell) {
          return el('li', { text: cell.textContent.trim() });
        },
      );
      confirmAction({
        title: 'Run the suite ' + suite + '?',
        body: [
          'These experiments start one after another on the experiment group, each awaited to its end:',
          el('ol', {}, titles),
        ],
        dryRun: true,
        confirm: 'Start the suite',
        run: function (token, choices) {
          return kit
            .send('POST', '/suites/' + encodeURIComponent(suite) + '/runs', token, { dryRun: choices.dryRun })
            .then(function (run) {
              return (
                'Suite ' +
                run.suite +
                ' started' +
                (run.dryRun ? ' as a dry run' : '') +
                ': ' +
                run.experiments.length +
                ' experiment(s).'
              );
            });
        },
      });
    });
  });
})();
