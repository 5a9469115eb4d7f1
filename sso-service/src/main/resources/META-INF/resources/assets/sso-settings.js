// Settings → Security → Single Sign-On: domains, IdP settings, certificates, metadata import, Test Connection.
'use strict';
(function () {
  var G = window.Gatehouse, el = G.el;
  var certs = [];          // [{pem, subject, notAfter, daysUntilExpiry, expiryWarning, fingerprint, pending}]
  var connection = null;
  var $ = function (id) { return document.getElementById(id); };

  var WARNINGS = {
    EXPIRED: 'expired — logins signed with it are refused',
    EXPIRES_WITHIN_7_DAYS: 'expires within 7 days',
    EXPIRES_WITHIN_30_DAYS: 'expires within 30 days',
    EXPIRES_WITHIN_60_DAYS: 'expires within 60 days'
  };

  function renderStatus() {
    var box = $('sso-status');
    if (!connection) {
      box.replaceChildren(el('p', { className: 'msg info', id: 'sso-state' }, 'SSO is not configured yet. Follow the steps below.'));
      return;
    }
    var items = [el('p', { className: 'msg ' + (connection.enabled ? 'ok' : 'info'), id: 'sso-state' },
      connection.enabled ? 'SAML 2.0 single sign-on is enabled.' : 'SAML 2.0 single sign-on is configured but switched off.',
      connection.updatedAt ? el('span', { className: 'muted', text: ' Last saved ' + G.date(connection.updatedAt) + '.' }) : null)];
    (connection.warnings || []).forEach(function (w) {
      items.push(el('p', { className: 'msg warn cert-warning', text: w }));
    });
    box.replaceChildren.apply(box, items);
  }

  function fill(c) {
    connection = c;
    $('sso-enabled').checked = !!c.enabled;
    $('idp-sso-url').value = c.idpSsoUrl || '';
    $('idp-entity-id').value = c.idpEntityId || '';
    $('default-role').value = c.defaultRole || 'AGENT';
    $('binding').value = c.authnRequestBinding || 'POST';
    $('allow-idp-initiated').checked = c.allowIdpInitiated !== false;
    $('allow-other-email-domains').checked = c.allowOtherEmailDomains === true;
    $('clock-skew').value = c.clockSkewSeconds == null ? 120 : c.clockSkewSeconds;
    certs = (c.certificates || []).map(function (x) { return Object.assign({}, x); });
    renderCerts();
    renderStatus();
  }

  function renderCerts() {
    var box = $('certificates');
    if (!certs.length) {
      box.replaceChildren(el('p', { className: 'muted', id: 'no-certificates', text: 'No certificate yet: upload the IdP certificate from JumpCloud.' }));
      return;
    }
    var rows = certs.map(function (c, i) {
      var state = c.pending ? el('span', { className: 'badge', text: 'new — saved on Save' })
        : c.expiryWarning ? el('span', { className: 'badge ' + (c.expiryWarning === 'EXPIRED' ? 'bad' : 'warn'), text: WARNINGS[c.expiryWarning] || c.expiryWarning })
        : el('span', { className: 'badge ok', text: 'valid' });
      return el('tr', { className: 'certificate' },
        el('td', null, c.subject || el('span', { className: 'muted', text: 'uploaded file' }),
          c.fingerprint ? el('div', { className: 'muted mono', text: 'SHA-256 ' + c.fingerprint.substring(0, 23) + '…' }) : null),
        el('td', { text: c.notAfter ? G.date(c.notAfter) + (c.daysUntilExpiry >= 0 ? ' (' + c.daysUntilExpiry + ' days)' : '') : '—' }),
        el('td', null, state),
        el('td', null, el('button', { type: 'button', className: 'danger small', 'aria-label': 'Remove certificate ' + (i + 1),
          onclick: function () { certs.splice(i, 1); renderCerts(); } }, 'Remove')));
    });
    box.replaceChildren(el('div', { className: 'table-wrap' }, el('table', null,
      el('thead', null, el('tr', null, el('th', { text: 'Certificate' }), el('th', { text: 'Expires' }), el('th', { text: 'State' }), el('th', { text: '' }))),
      el('tbody', null, rows))));
  }

  function loadConnection() {
    return G.api('sso', '/sso').then(fill, function (err) {
      if (err.status === 404) { connection = null; renderStatus(); renderCerts(); return; }
      G.showError('sso-message', err);
    });
  }

  // ---- domains
  // the page's first load may answer after an add's reload: only the newest list is drawn
  var loadDomains = G.newest(function () { return G.api('sso', '/domains'); }, renderDomains,
    function (err) { G.showError('domain-message', err); });

  function renderDomains(list) {
    var box = $('domains');
    if (!list.length) {
      box.replaceChildren(el('p', { className: 'muted', text: 'No domain yet. Add the domain of your work email addresses.' }));
      return;
    }
    box.replaceChildren(el('div', { className: 'table-wrap' }, el('table', { id: 'domain-table' },
      el('thead', null, el('tr', null, el('th', { text: 'Domain' }), el('th', { text: 'Status' }), el('th', { text: 'DNS TXT record to create' }), el('th', { text: '' }))),
      el('tbody', null, list.map(function (d) {
        var pending = d.status !== 'VERIFIED';
        var nameId = 'txt-name-' + d.domain, valueId = 'txt-value-' + d.domain;
        return el('tr', { 'data-domain': d.domain },
          el('td', null, el('strong', { text: d.domain })),
          el('td', null, el('span', { className: 'badge ' + (pending ? 'warn' : 'ok'), text: d.status })),
          el('td', null, pending ? [
            el('label', { for: nameId, className: 'hint', text: 'Name' }),
            el('div', { className: 'row' }, el('input', { id: nameId, type: 'text', readonly: true, value: d.txtRecordName, className: 'txt-name' }),
              el('button', { type: 'button', className: 'secondary small', 'data-copy': nameId }, 'Copy')),
            el('label', { for: valueId, className: 'hint', text: 'Value' }),
            el('div', { className: 'row' }, el('input', { id: valueId, type: 'text', readonly: true, value: d.txtRecordValue, className: 'txt-value' }),
              el('button', { type: 'button', className: 'secondary small', 'data-copy': valueId }, 'Copy'))
          ] : el('span', { className: 'muted', text: 'Verified ' + G.date(d.verifiedAt) })),
          el('td', null, pending ? el('button', { type: 'button', className: 'verify', 'data-verify': d.domain,
            onclick: function (e) { verify(e.currentTarget, d.domain); } }, 'Verify') : null));
      })))));
  }

  function verify(button, domain) {
    G.busy(button, G.api('sso', '/domains/' + encodeURIComponent(domain) + '/verify', { method: 'POST' }).then(function () {
      G.show('domain-message', 'ok', domain + ' is verified.');
      return loadDomains();
    }, function (err) {
      if (err.code === 'domain_not_verified') {
        G.show('domain-message', 'warn', 'The TXT record for ' + domain + ' was not found yet. Create it at your DNS provider exactly as shown, wait a few minutes, and press Verify again.', err.code);
      } else { G.showError('domain-message', err); }
    }));
  }

  $('domain-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var domain = $('domain-input').value.trim();
    if (!domain) { G.show('domain-message', 'error', 'Enter a domain such as acme.com.'); return; }
    G.busy($('add-domain'), G.api('sso', '/domains', { method: 'POST', body: { domain: domain } }).then(function (d) {
      $('domain-input').value = '';
      G.show('domain-message', 'info', 'Create the TXT record ' + d.txtRecordName + ' with the value shown, then press Verify.');
      return loadDomains();
    }, function (err) { G.showError('domain-message', err); }));
  });

  // ---- IdP settings
  $('cert-file').addEventListener('change', function () {
    var input = $('cert-file');
    G.readFile(input).then(function (text) {
      var blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
      if (!blocks) {
        G.show('sso-message', 'error', 'That file is not a PEM certificate (it has no "BEGIN CERTIFICATE" block).');
        return;
      }
      if (/PRIVATE KEY/.test(text)) {
        G.show('sso-message', 'error', 'That file contains a private key. Upload only the IdP certificate from JumpCloud.');
        return;
      }
      blocks.forEach(function (pem) { certs.push({ pem: pem, pending: true }); });
      renderCerts();
      G.show('sso-message', 'info', blocks.length + ' certificate(s) added. Press Save to store them.');
    }, function (err) { G.show('sso-message', 'error', err.message); })
      .finally(function () { input.value = ''; });
  });

  $('import-metadata').addEventListener('click', function (e) {
    var button = e.currentTarget;
    G.readFile($('metadata-file')).then(function (xml) {
      return G.busy(button, G.api('sso', '/sso/idp-metadata', { method: 'POST', body: xml, type: 'application/xml' }).then(function (c) {
        fill(c);
        G.show('sso-message', 'ok', 'IdP metadata imported: entity ID, SSO URL and ' + (c.certificates || []).length + ' certificate(s) are filled in and saved.');
      }));
    }).catch(function (err) { G.showError('sso-message', err); });
  });

  function requestBody() {
    return {
      enabled: $('sso-enabled').checked,
      idpEntityId: $('idp-entity-id').value.trim(),
      idpSsoUrl: $('idp-sso-url').value.trim(),
      idpCertificatesPem: certs.map(function (c) { return c.pem; }),
      defaultRole: $('default-role').value,
      allowIdpInitiated: $('allow-idp-initiated').checked,
      allowOtherEmailDomains: $('allow-other-email-domains').checked,
      clockSkewSeconds: parseInt($('clock-skew').value || '120', 10),
      authnRequestBinding: $('binding').value
    };
  }

  $('sso-form').addEventListener('submit', function (e) {
    e.preventDefault();
    G.busy($('save'), G.api('sso', '/sso', { method: 'PUT', body: requestBody() }).then(function (c) {
      fill(c);
      G.show('sso-message', 'ok', 'Saved. ' + (c.enabled ? 'Single sign-on is enabled.' : 'Single sign-on is off.') + ' Now press Test Connection.');
    }, function (err) { G.showError('sso-message', err); }));
  });

  // ---- Test Connection
  var polling = null;
  $('test-connection').addEventListener('click', function (e) {
    var button = e.currentTarget;
    // open the window inside the click (popup blockers), point it at the IdP once the test exists
    var win = window.open('about:blank', 'gatehouse-sso-test');
    G.busy(button, G.api('sso', '/sso/test', { method: 'POST' }).then(function (t) {
      sessionStorage.setItem('gatehouse.ssoTest', t.testId);
      if (win) { win.location.href = t.loginUrl; }
      $('test-link').replaceChildren(el('p', null, win ? 'JumpCloud opened in a new window. Sign in there. ' : 'Open JumpCloud and sign in: ',
        el('a', { href: t.loginUrl, target: 'gatehouse-sso-test', id: 'test-login-link', rel: 'opener' }, 'Open the test sign-in again'),
        ' · or ', el('a', { href: t.loginUrl, id: 'test-login-same-tab' }, 'open it in this tab')));
      poll(t.testId);
    }, function (err) {
      if (win) { win.close(); }
      G.showError('test-report', err);
    }));
  });

  function poll(testId) {
    if (polling) { clearTimeout(polling); }
    var started = Date.now();
    var tick = function () {
      G.api('sso', '/sso/test/' + encodeURIComponent(testId)).then(function (r) {
        renderReport(r);
        if (r.status === 'PENDING' && Date.now() - started < 10 * 60 * 1000) { polling = setTimeout(tick, 1500); }
      }, function (err) { G.showError('test-report', err); });
    };
    tick();
  }

  function renderReport(r) {
    var box = $('test-report');
    if (r.status === 'PENDING') {
      box.replaceChildren(el('p', { className: 'msg info', id: 'test-status', 'data-status': 'PENDING' }, 'Waiting for the sign-in at JumpCloud… (test ', el('code', { text: r.testId }), ')'));
      return;
    }
    var passed = r.status === 'PASSED';
    var parts = [el('p', { className: 'msg ' + (passed ? 'ok' : 'error'), id: 'test-status', 'data-status': r.status },
      passed ? 'Test Connection passed: JumpCloud and Gatehouse agree.' : 'Test Connection failed' + (r.category ? ': ' + r.category : '') + '.',
      r.fix && !passed ? el('span', null, ' ' + r.fix) : null)];
    parts.push(el('h3', { text: 'Checks' }));
    parts.push(el('div', { className: 'table-wrap' }, el('table', { id: 'test-checks' },
      el('thead', null, el('tr', null, el('th', { text: 'Check' }), el('th', { text: 'Result' }), el('th', { text: 'Expected' }), el('th', { text: 'Received' }))),
      el('tbody', null, (r.checks || []).map(function (c) {
        return el('tr', { className: 'check-row', 'data-passed': String(c.passed) },
          el('td', null, c.check, c.detail ? el('div', { className: 'muted', text: c.detail }) : null),
          el('td', null, el('span', { className: c.passed ? 'check-pass' : 'check-fail', text: c.passed ? '✓ pass' : '✗ ' + (c.code || 'fail') })),
          el('td', { className: 'mono', text: c.expected == null ? '' : String(c.expected) }),
          el('td', { className: 'mono', text: c.received == null ? '' : String(c.received) }));
      })))));
    var seen = r.attributesSeen || {};
    parts.push(el('h3', { text: 'Attributes received' }));
    parts.push(el('dl', { className: 'kv', id: 'test-attributes' }, Object.keys(seen).map(function (k) {
      return [el('dt', { text: k }), el('dd', { text: (seen[k] || []).join(', ') })];
    }).flat()));
    if (r.attributesMissing && r.attributesMissing.length) {
      parts.push(el('p', { className: 'msg warn', text: 'Missing attributes: ' + r.attributesMissing.join(', ') + ' — add them on the JumpCloud application.' }));
    }
    if (r.clockOffsetSeconds != null) {
      parts.push(el('p', { className: 'muted', text: 'Clock offset between JumpCloud and Gatehouse: ' + r.clockOffsetSeconds + ' s.' }));
    }
    box.replaceChildren.apply(box, parts);
  }

  Promise.all([loadConnection(), loadDomains()]).then(function () {
    var last = sessionStorage.getItem('gatehouse.ssoTest');
    if (last) { poll(last); }
  });
})();
