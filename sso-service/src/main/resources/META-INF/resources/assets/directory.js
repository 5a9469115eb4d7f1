// Directory: JumpCloud connection, mappings, syncs (held runs and approval), SCIM token.
'use strict';
(function () {
  var G = window.Gatehouse, el = G.el;
  var $ = function (id) { return document.getElementById(id); };
  var ROLES = ['ADMIN', 'SUPERVISOR', 'AGENT'];
  var KIND = { GRANT: 'Grant access', UPDATE: 'Update', REVOKE: 'Revoke access' };

  function mappingRow(group, role) {
    var n = $('mappings').children.length + 1;
    // a group mapped to OWNER is kept as it is: only the operator or an OWNER changes it, through the API
    var owner = role === 'OWNER';
    var row = el('div', { className: 'mapping' },
      el('input', { type: 'text', className: 'mapping-group', value: group || '', placeholder: 'JumpCloud group name', list: 'jumpcloud-groups', 'aria-label': 'Group name ' + n, readOnly: owner }),
      el('select', { className: 'mapping-role', 'aria-label': 'Role for group ' + n, disabled: owner },
        (owner ? ['OWNER'] : ROLES).map(function (r) { return el('option', { value: r, selected: r === role }, r.charAt(0) + r.slice(1).toLowerCase()); })),
      owner ? el('span', { className: 'muted', text: 'Owner (an owner or the operator changes it)' })
        : el('button', { type: 'button', className: 'danger small', onclick: function () { row.remove(); } }, 'Remove'));
    $('mappings').append(row);
    return row;
  }

  /** Offers the groups bound to the application in JumpCloud as suggestions for the mappings (a save reloads them). */
  var loadGroups = G.newest(function () { return G.api('directory', '/directory/groups'); }, function (groups) {
    $('jumpcloud-groups').replaceChildren.apply($('jumpcloud-groups'), groups.map(function (g) { return el('option', { value: g.name }); }));
    $('groups-hint').textContent = groups.length
      ? groups.length + ' group' + (groups.length === 1 ? ' is' : 's are') + ' bound to this application in JumpCloud: pick one in a mapping (' + groups.map(function (g) { return g.name; }).slice(0, 5).join(', ') + (groups.length > 5 ? ', …' : '') + ').'
      : 'No group is bound to this application in JumpCloud yet: bind one in the application\'s User Groups tab.';
  }, function (err) {
    $('groups-hint').textContent = 'The application\'s groups could not be read from JumpCloud (' + (err.code || err.status) + '); type the group names as JumpCloud shows them.';
  });

  function fill(c) {
    $('api-base-url').value = c.apiBaseUrl || '';
    $('api-key').value = '';
    $('api-key').placeholder = c.apiKeySet ? 'stored — leave empty to keep it' : '';
    $('api-key-hint').textContent = c.apiKeySet ? 'A key is stored (never shown). Enter a new one to replace it.' : 'JumpCloud admin API key; never shown again after saving';
    $('org-id').value = c.orgId || '';
    $('application-id').value = c.applicationId || '';
    $('mappings').replaceChildren();
    Object.keys(c.groupRoleMappings || {}).forEach(function (g) { mappingRow(g, c.groupRoleMappings[g]); });
    $('dir-default-role').value = c.defaultRole || 'AGENT';
    $('sync-interval').value = c.syncIntervalSeconds;
    if (c.revokeBrake) {
      $('brake-percent').value = Math.round(c.revokeBrake.maxFraction * 100);
      $('brake-min').value = c.revokeBrake.minCount;
    }
    $('scim-enabled').checked = !!c.scimEnabled;
    if (c.apiKeySet && c.applicationId) { loadGroups(); }
    $('dir-status').replaceChildren(el('p', { className: 'msg ok', id: 'dir-state' }, 'Connected to JumpCloud application ',
      el('code', { text: c.applicationId || '—' }), c.scimTokenIssued ? ' · SCIM token issued' : '', c.scimBaseUrl ? el('span', { className: 'muted', text: ' · SCIM base URL ' + c.scimBaseUrl }) : null,
      c.scimTestedAt ? el('span', { id: 'scim-tested', text: ' · JumpCloud tested the connection ' + G.date(c.scimTestedAt) }) : null));
    scimSettings(c);
  }

  /** What the admin copies into JumpCloud's Identity Management tab (the Token Key comes from "Generate SCIM token"). */
  function scimSettings(c) {
    if (!c.scimTestUserEmail) { $('scim-settings').replaceChildren(); return; }
    $('scim-settings').replaceChildren(
      el('label', { for: 'scim-test-user-email', text: 'Test User Email' }),
      el('div', { className: 'row' }, el('input', { id: 'scim-test-user-email', type: 'text', readonly: true, value: c.scimTestUserEmail }),
        el('button', { type: 'button', className: 'secondary', 'data-copy': 'scim-test-user-email' }, 'Copy')),
      el('p', { className: 'muted', id: 'scim-tested-line', text: c.scimTestedAt ? 'JumpCloud tested the connection ' + G.date(c.scimTestedAt) + '.' : 'JumpCloud has not tested the connection yet.' }));
  }

  function load() {
    return G.api('directory', '/directory').then(fill, function (err) {
      if (err.status === 404) {
        $('dir-status').replaceChildren(el('p', { className: 'msg info', id: 'dir-state', text: 'No directory connection yet. Enter the JumpCloud details below.' }));
        if (!$('mappings').children.length) { mappingRow('', 'ADMIN'); }
        return;
      }
      G.showError('dir-message', err);
    });
  }

  function body() {
    var mappings = {};
    Array.prototype.forEach.call(document.querySelectorAll('#mappings .mapping'), function (row) {
      var g = row.querySelector('.mapping-group').value.trim();
      if (g) { mappings[g] = row.querySelector('.mapping-role').value; }
    });
    var b = {
      provider: 'JUMPCLOUD',
      apiBaseUrl: $('api-base-url').value.trim() || null,
      orgId: $('org-id').value.trim() || null,
      applicationId: $('application-id').value.trim() || null,
      groupRoleMappings: mappings,
      defaultRole: $('dir-default-role').value,
      syncIntervalSeconds: parseInt($('sync-interval').value || '0', 10),
      revokeBrake: { maxFraction: parseFloat($('brake-percent').value || '30') / 100, minCount: parseInt($('brake-min').value || '0', 10) },
      scimEnabled: $('scim-enabled').checked
    };
    var key = $('api-key').value.trim();
    if (key) { b.apiKey = key; }
    return b;
  }

  $('add-mapping').addEventListener('click', function () { mappingRow('', 'AGENT').querySelector('input').focus(); });

  $('dir-form').addEventListener('submit', function (e) {
    e.preventDefault();
    G.busy($('save-directory'), G.api('directory', '/directory', { method: 'PUT', body: body() }).then(function (c) {
      fill(c);
      G.show('dir-message', 'ok', 'Directory connection saved.');
    }, function (err) { G.showError('dir-message', err); }));
  });

  // ---- syncs
  // the page's first load may answer after a sync's reload: only the newest list is drawn
  var loadRuns = G.newest(function () { return G.api('directory', '/directory/syncs', { query: { limit: 10 } }); }, function (runs) {
    var tbody = $('runs-table').tBodies[0];
    if (!runs.length) { tbody.replaceChildren(el('tr', null, el('td', { colspan: '7', className: 'muted', text: 'No sync yet.' }))); return; }
    tbody.replaceChildren.apply(tbody, runs.map(function (r) {
      var kind = r.status === 'APPLIED' || r.status === 'DRY_RUN' ? 'ok' : r.status === 'HELD' ? 'warn' : r.status === 'FAILED' ? 'bad' : '';
      return el('tr', { className: 'run', 'data-status': r.status, 'data-sync': r.syncId },
        el('td', null, G.date(r.startedAt), el('div', { className: 'muted', text: r.trigger || '' })),
        el('td', null, el('span', { className: 'badge ' + kind, text: r.status }), r.error ? el('div', { className: 'muted', text: r.error }) : null,
          r.approvedAt ? el('div', { className: 'muted', text: 'approved ' + G.date(r.approvedAt) }) : null),
        el('td', { text: String(r.granted) }), el('td', { text: String(r.updated) }), el('td', { text: String(r.revoked) }),
        el('td', { className: 'hide-sm', text: String(r.unchanged) }),
        el('td', null, r.status === 'HELD' || r.status === 'DRY_RUN'
          ? el('button', { type: 'button', className: 'secondary small view-plan', onclick: function () { showPlan(r.syncId); } }, r.status === 'HELD' ? 'Review' : 'View plan') : null));
    }));
  }, function (err) { if (err.status !== 404) { G.showError('sync-message', err); } });

  function showPlan(syncId) {
    return G.api('directory', '/directory/syncs/' + encodeURIComponent(syncId)).then(function (run) {
      var changes = run.plannedChanges || [];
      var held = run.status === 'HELD';
      var parts = [el('h3', { id: 'plan-title', text: held ? 'Held sync — approve to apply' : 'Dry run — nothing was changed' }),
        el('p', { className: 'msg ' + (held ? 'warn' : 'info') },
          held ? 'This sync would revoke ' + run.revoked + ' of ' + run.membersBefore + ' members, more than the brake allows. Check the changes, then approve them or fix JumpCloud and sync again.'
            : 'The sync would grant ' + run.granted + ', update ' + run.updated + ' and revoke ' + run.revoked + '.'),
        el('div', { className: 'table-wrap' }, el('table', { id: 'plan-table' },
          el('thead', null, el('tr', null, el('th', { text: 'Change' }), el('th', { text: 'Person' }), el('th', { text: 'Role' }), el('th', { text: 'Why' }))),
          el('tbody', null, changes.map(function (c) {
            return el('tr', { className: 'planned', 'data-kind': c.kind },
              el('td', null, el('span', { className: 'badge ' + (c.kind === 'REVOKE' ? 'bad' : 'ok'), text: KIND[c.kind] || c.kind })),
              el('td', null, c.email, el('div', { className: 'muted', text: [c.firstName, c.lastName].filter(Boolean).join(' ') })),
              el('td', { text: c.role || '' }),
              el('td', { text: c.reason ? c.reason.replace(/_/g, ' ').toLowerCase() : (c.groups || []).join(', ') }));
          }))))];
      if (held) {
        parts.push(el('div', { className: 'actions' }, el('button', { type: 'button', id: 'approve-sync', onclick: function (e) { approve(e.currentTarget, run.syncId); } }, 'Approve and apply these changes')));
      }
      $('plan').replaceChildren.apply($('plan'), parts);
      $('plan-title').scrollIntoView({ block: 'nearest' });
    }, function (err) { G.showError('sync-message', err); });
  }

  function approve(button, syncId) {
    G.busy(button, G.api('directory', '/directory/syncs/' + encodeURIComponent(syncId) + '/approve', { method: 'POST' }).then(function (r) {
      $('plan').replaceChildren();
      G.show('sync-message', 'ok', 'Approved: granted ' + r.granted + ', updated ' + r.updated + ', revoked ' + r.revoked + '.');
      return loadRuns();
    }, function (err) { G.showError('sync-message', err); }));
  }

  var STATUS_WORDS = { APPLIED: 'Applied', DRY_RUN: 'Preview', HELD: 'Held for approval', FAILED: 'Failed' };

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  /** The running sync as a progress bar: organisation users compared of JumpCloud's total (indeterminate before). */
  function showProgress(run, dryRun) {
    var bar = el('progress', { id: 'sync-progress', max: String(run.membersTotal || 1) });
    if (run.membersTotal) { bar.value = run.membersSeen; }
    var words = 'Read ' + plural(run.pagesRead || 0, 'page') + ' from JumpCloud; compared ' + (run.membersSeen || 0)
      + (run.membersTotal ? ' of ' + run.membersTotal : '') + ' users; ' + plural(run.changesPlanned || 0, 'change')
      + ' planned so far.';
    $('sync-message').replaceChildren(el('div', { className: 'msg info', role: 'status' },
      el('label', { for: 'sync-progress', text: dryRun ? 'Previewing the sync…' : 'Syncing with JumpCloud…' }), bar,
      el('div', { id: 'sync-progress-text', className: 'muted', text: words })));
  }

  function showOutcome(r, dryRun) {
    var text = 'granted ' + r.granted + ', updated ' + r.updated + ', revoked ' + r.revoked + ', unchanged ' + r.unchanged + '.';
    G.clear('dir-message');
    if (r.status === 'HELD') { G.show('sync-message', 'warn', 'Held for approval: the sync would have ' + text + ' Review it below.'); }
    else if (r.status === 'FAILED') { G.show('sync-message', 'error', 'The sync failed and changed nothing: ' + (r.error || '')); }
    else { G.show('sync-message', 'ok', (dryRun ? 'Preview: the sync would have ' : (STATUS_WORDS[r.status] || r.status) + ': ') + text); }
    if (r.status === 'HELD' || r.status === 'DRY_RUN') { showPlan(r.syncId); } else { $('plan').replaceChildren(); }
    return loadRuns();
  }

  /** Polls the run every half second until it has finished, showing its progress. */
  function follow(run, dryRun) {
    if (run.status !== 'RUNNING') { return showOutcome(run, dryRun); }
    showProgress(run, dryRun);
    return new Promise(function (resolve) { setTimeout(resolve, 500); }).then(function () {
      return G.api('directory', '/directory/syncs/' + encodeURIComponent(run.syncId));
    }).then(function (next) { return follow(next, dryRun); });
  }

  function sync(button, dryRun) {
    G.clear('dir-message');
    G.busy(button, G.api('directory', '/directory/sync', { method: 'POST', query: { dryRun: dryRun } }).then(function (r) {
      return follow(r, dryRun);
    }).catch(function (err) { G.showError('sync-message', err); }));
  }

  $('sync-now').addEventListener('click', function (e) { sync(e.currentTarget, false); });
  $('dry-run').addEventListener('click', function (e) { sync(e.currentTarget, true); });

  $('scim-token').addEventListener('click', function (e) {
    G.busy(e.currentTarget, G.api('directory', '/directory/scim-token', { method: 'POST' }).then(function (t) {
      $('scim-result').replaceChildren(
        el('p', { className: 'msg warn', text: 'Copy the token now: it is shown only once.' }),
        el('label', { for: 'scim-base-url', text: 'Base URL' }),
        el('div', { className: 'row' }, el('input', { id: 'scim-base-url', type: 'text', readonly: true, value: t.baseUrl }),
          el('button', { type: 'button', className: 'secondary', 'data-copy': 'scim-base-url' }, 'Copy')),
        el('label', { for: 'scim-token-value', text: 'Token Key' }),
        el('div', { className: 'row' }, el('input', { id: 'scim-token-value', type: 'text', readonly: true, value: t.token, className: 'mono' }),
          el('button', { type: 'button', className: 'secondary', 'data-copy': 'scim-token-value' }, 'Copy')));
    }, function (err) { G.showError('scim-result', err); }));
  });

  load();
  loadRuns();
})();
