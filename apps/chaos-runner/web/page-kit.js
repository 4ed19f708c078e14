/* global window, document, fetch */
// What the home page's scripts share: building elements (text only, never markup), times and durations
// written as the report writes them (src/report/report-format.ts), and reading the runner's JSON with
// the sign-in cookie. A classic script, no build.
(function () {
  'use strict';

  var MISSING = '—';

  /** `el('a', { href: '/x', className: 'y', text: 'z' }, [children])`; a child may be a string. */
  function el(tag, properties, children) {
    var node = document.createElement(tag);
    Object.keys(properties || {}).forEach(function (key) {
      var value = properties[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function badge(text, tone, id) {
    return el('span', { className: 'badge ' + (tone || 'neutral'), text: text, id: id });
  }

  /** 4.2 s, 95 s, 3 min 20 s as the report; then 2 h 5 min and 3 d 4 h for the on-call figures. */
  function seconds(value) {
    if (value === null || value === undefined || !isFinite(value)) return MISSING;
    if (value < 10) return value.toFixed(1) + ' s';
    if (value < 120) return Math.round(value) + ' s';
    var whole = Math.round(value);
    if (whole < 3600) return Math.floor(whole / 60) + ' min ' + (whole % 60) + ' s';
    if (whole < 86400) return Math.floor(whole / 3600) + ' h ' + Math.floor((whole % 3600) / 60) + ' min';
    return Math.floor(whole / 86400) + ' d ' + Math.floor((whole % 86400) / 3600) + ' h';
  }

  /** UTC, as the report: 2026-01-05 10:00:00. */
  function time(iso) {
    if (!iso) return MISSING;
    var date = new Date(iso);
    return isNaN(date.getTime()) ? MISSING : date.toISOString().slice(0, 19).replace('T', ' ');
  }

  /** A failed request, with the problem document's detail when the runner sent one. */
  function RequestError(status, detail) {
    this.name = 'RequestError';
    this.status = status;
    this.message = detail;
  }
  RequestError.prototype = Object.create(Error.prototype);

  function failure(response) {
    return response.text().then(function (text) {
      var detail = 'the runner answered ' + response.status;
      try {
        detail = JSON.parse(text).detail || detail;
      } catch {
        // Not a problem document: the status says enough.
      }
      throw new RequestError(response.status, detail);
    });
  }

  /** GET a JSON endpoint with the sign-in cookie (reads only: the cookie never triggers anything). */
  function getJson(path) {
    return fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(
      function (response) {
        return response.ok ? response.json() : failure(response);
      },
    );
  }

  /** A trigger: the token goes in the Authorization header, never in the cookie. */
  function send(method, path, token, body) {
    var headers = { accept: 'application/json', authorization: 'Bearer ' + token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, {
      method: method,
      headers: headers,
      credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.ok ? response.json() : failure(response);
    });
  }

  /** A message over the whole page: an expired sign-in, a runner that does not answer. */
  function showProblem(error) {
    var box = document.getElementById('page-problem');
    if (!box) return;
    box.textContent = '';
    if (error && error.status === 401) {
      box.appendChild(document.createTextNode('Your sign-in is no longer valid: '));
      box.appendChild(el('a', { href: '/sign-in?next=/', text: 'sign in again' }));
      box.appendChild(document.createTextNode('.'));
    } else {
      box.textContent = 'Could not refresh the page: ' + (error && error.message ? error.message : String(error));
    }
    box.hidden = false;
  }

  function clearProblem() {
    var box = document.getElementById('page-problem');
    if (box) box.hidden = true;
  }

  window.scaleKit = {
    MISSING: MISSING,
    el: el,
    badge: badge,
    seconds: seconds,
    time: time,
    getJson: getJson,
    send: send,
    showProblem: showProblem,
    clearProblem: clearProblem,
  };
})();
