// Gatehouse console: shared helpers. Every data call goes to this site's console API proxy with the HttpOnly
// session cookie and the X-Gatehouse-Console header; nothing is loaded from elsewhere.
'use strict';
window.Gatehouse = (function () {
  var account = document.body.dataset.account;

  var FRIENDLY = {
    plan_required: 'Single Sign-On needs the Business plan (or above). Ask us to upgrade the account, then try again.',
    domain_not_verified: 'Verify an email domain first (step 1): create the DNS TXT record shown and press Verify.',
    certificate_invalid: 'The certificate was not accepted.',
    unauthorized: 'Your session has ended. Sign in again.',
    forbidden: 'You are not allowed to do this (account admins only).',
    user_not_provisioned: 'Your user is still being created. Try again in a few seconds.',
    upstream_unavailable: 'The service behind this page is not reachable right now.',
    upstream_timeout: 'The service behind this page did not answer in time.',
    sync_in_progress: 'A sync is already running for this account. Wait for it to finish.',
    sync_stale: 'The directory changed since this plan was made. Run a new sync.',
    directory_incomplete: 'Save the API key and the application id first.'
  };

  /** Calls /console/api/{service}/accounts/{account}{path}; resolves with the JSON answer or rejects with a problem. */
  function api(service, path, options) {
    options = options || {};
    var url = '/console/api/' + service + '/accounts/' + encodeURIComponent(account) + (path || '');
    if (options.query) {
      var q = new URLSearchParams();
      Object.keys(options.query).forEach(function (k) {
        var v = options.query[k];
        if (v !== undefined && v !== null && v !== '') { q.append(k, v); }
      });
      var qs = q.toString();
      if (qs) { url += '?' + qs; }
    }
    var headers = { 'X-Gatehouse-Console': '1', 'Accept': 'application/json' };
    var body;
    if (options.body !== undefined) {
      headers['Content-Type'] = options.type || 'application/json';
      body = headers['Content-Type'] === 'application/json' ? JSON.stringify(options.body) : options.body;
    }
    return fetch(url, { method: options.method || 'GET', headers: headers, body: body, credentials: 'same-origin' })
      .then(function (res) {
        return res.text().then(function (text) {
          var data = null;
          if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
          if (!res.ok) {
            var err = new Error((data && (data.detail || data.title)) || ('HTTP ' + res.status));
            err.status = res.status;
            err.code = data && data.code;
            throw err;
          }
          return data;
        });
      });
  }

  /**
   * A view loaded again and again (on opening, after each change, on each keystroke): answers may arrive out of
   * order, so only the answer to the newest call of the returned function reaches onAnswer or onError; an older one
   * settles without calling them.
   */
  function newest(request, onAnswer, onError) {
    var latest = 0;
    return function () {
      var mine = ++latest;
      return request.apply(this, arguments).then(
        function (answer) { if (mine === latest) { return onAnswer(answer); } },
        function (err) { if (mine === latest) { return onError(err); } });
    };
  }

  /** Builds an element; strings become text nodes (never HTML). */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) { return; }
        if (k === 'text') { node.textContent = v; } else if (k === 'className') { node.className = v; }
        else if (k.indexOf('on') === 0) { node.addEventListener(k.substring(2), v); }
        else { node.setAttribute(k, v === true ? '' : v); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === undefined || c === null || c === false) { continue; }
      if (Array.isArray(c)) { c.forEach(function (x) { if (x) { node.append(x); } }); } else { node.append(c); }
    }
    return node;
  }

  /** A human sentence for a problem+json error: our explanation of the code, then the service's detail. */
  function explain(err) {
    var friendly = err.code && FRIENDLY[err.code];
    if (err.code === 'unauthorized') { return friendly; }
    if (friendly && err.message && friendly.indexOf(err.message) < 0) { return friendly + ' (' + err.message + ')'; }
    return friendly || err.message || 'Something went wrong.';
  }

  /** Shows a message box in a container: kind ok | error | warn | info. */
  function show(container, kind, text, code) {
    if (typeof container === 'string') { container = document.getElementById(container); }
    container.replaceChildren(el('div', { className: 'msg ' + kind, role: kind === 'error' ? 'alert' : 'status' },
      text, code ? el('span', { className: 'code', text: ' [' + code + ']' }) : null));
  }

  function showError(container, err) {
    show(container, 'error', explain(err), err.code);
    if (err.code === 'unauthorized') {
      var box = typeof container === 'string' ? document.getElementById(container) : container;
      box.firstChild.append(' ', el('a', { href: '/sso/login?returnTo=' + encodeURIComponent(location.pathname), text: 'Sign in' }));
    }
  }

  function clear(container) {
    if (typeof container === 'string') { container = document.getElementById(container); }
    container.replaceChildren();
  }

  function date(value) {
    if (!value) { return '—'; }
    var d = new Date(value);
    return isNaN(d) ? String(value) : d.toLocaleString();
  }

  function readFile(input) {
    return new Promise(function (resolve, reject) {
      var file = input.files && input.files[0];
      if (!file) { reject(new Error('Choose a file first.')); return; }
      if (file.size > 262144) { reject(new Error('The file is too large (at most 256 KB).')); return; }
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { reject(new Error('The file could not be read.')); };
      reader.readAsText(file);
    });
  }

  /** Busy state of a button while a call runs. */
  function busy(button, promise) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    return promise.finally(function () { button.disabled = false; button.removeAttribute('aria-busy'); });
  }

  // Copy buttons: <button data-copy="input-id">
  document.addEventListener('click', function (e) {
    var b = e.target.closest('[data-copy]');
    if (!b) { return; }
    var input = document.getElementById(b.dataset.copy);
    var done = function () { var old = b.textContent; b.textContent = 'Copied'; setTimeout(function () { b.textContent = old; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { input.select(); document.execCommand('copy'); done(); });
    } else { input.select(); document.execCommand('copy'); done(); }
  });

  return { account: account, api: api, el: el, explain: explain, show: show, showError: showError, clear: clear,
           date: date, readFile: readFile, busy: busy, newest: newest };
})();
