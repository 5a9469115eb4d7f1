// Users: list with search and filters, role and why, status and why, change role, clear a manual role.
'use strict';
(function () {
  var G = window.Gatehouse, el = G.el;
  var $ = function (id) { return document.getElementById(id); };
  var page = 0, size = 25, total = 0;

  var PROVENANCE = {
    MANUAL: 'set by an admin',
    GROUP_MAPPING: 'from a JumpCloud group',
    DEFAULT: 'default role'
  };
  // why the user has the role (user-service's RoleRule: manual > group mapping > directory default > SSO default)
  var BASIS = {
    MANUAL: 'set by an admin (wins over the directory)',
    GROUP_MAPPING: 'from a JumpCloud group mapped to this role',
    DIRECTORY_DEFAULT: "the directory's default role (in no mapped group)",
    SSO_DEFAULT: "the SSO connection's default role (not in the directory)"
  };
  var PRECEDENCE = 'Role precedence: set by an admin, then a mapped JumpCloud group, then the directory default, then the SSO default.';
  function why(u) { return BASIS[u.roleBasis] || PROVENANCE[u.roleProvenance] || u.roleProvenance || ''; }
  var REASONS = {
    REMOVED_FROM_GROUP: 'removed from the JumpCloud groups of the app',
    SUSPENDED: 'suspended in JumpCloud',
    LOCKED: 'locked in JumpCloud',
    DELETED: 'deleted in JumpCloud',
    NOT_ACTIVATED: 'not activated in JumpCloud',
    MANUAL: 'revoked by an admin',
    GRANTED: 'granted by the directory'
  };

  // only the answer to the newest query is shown
  var load = G.newest(function () {
    return G.api('users', '/users', { query: { q: $('user-search').value.trim(), status: $('filter-status').value,
      role: $('filter-role').value, page: page, size: size } });
  }, function (result) { render(result); }, function (err) { G.showError('users-message', err); });

  function render(result) {
    total = result.total;
    $('users-total').textContent = total + (total === 1 ? ' user' : ' users') + (total > size ? ' · page ' + (page + 1) + ' of ' + Math.ceil(total / size) : '');
    $('prev-page').disabled = page === 0;
    $('next-page').disabled = (page + 1) * size >= total;
    var body = $('users-table').tBodies[0];
    if (!result.items.length) {
      body.replaceChildren(el('tr', null, el('td', { colspan: '6', className: 'muted', text: 'No user matches.' })));
      return;
    }
    body.replaceChildren.apply(body, result.items.map(row));
  }

  function row(u) {
    var name = [u.firstName, u.lastName].filter(Boolean).join(' ');
    var revoked = u.status === 'REVOKED';
    var select = el('select', { 'aria-label': 'New role for ' + u.email, className: 'role-select' },
      ['ADMIN', 'SUPERVISOR', 'AGENT'].map(function (r) { return el('option', { value: r, selected: r === u.role }, r.charAt(0) + r.slice(1).toLowerCase()); }));
    var owner = u.role === 'OWNER';
    return el('tr', { 'data-email': u.email, 'data-user': u.id },
      el('td', null, el('strong', { text: u.email }), name ? el('div', { className: 'muted', text: name }) : null,
        u.groups && u.groups.length ? el('div', { className: 'muted', text: 'Groups: ' + u.groups.join(', ') }) : null),
      el('td', null, el('span', { className: 'badge user-role', text: u.role }),
        el('div', { className: 'muted role-provenance', title: PRECEDENCE, text: why(u) }),
        u.manualRole && u.mappedRole ? el('div', { className: 'muted', text: 'directory gives ' + u.mappedRole }) : null),
      el('td', null, el('span', { className: 'badge user-status ' + (revoked ? 'bad' : 'ok'), text: u.status }),
        u.statusReason ? el('div', { className: 'muted status-reason', text: (REASONS[u.statusReason] || u.statusReason) + (u.statusChangedAt ? ' · ' + G.date(u.statusChangedAt) : '') }) : null),
      el('td', { className: 'hide-sm', text: u.source }),
      el('td', { className: 'hide-sm', text: G.date(u.lastLoginAt) }),
      el('td', null, owner ? el('span', { className: 'muted', text: 'Owner (an owner or the operator changes it)' }) : [
        el('div', { className: 'row' }, select,
          el('button', { type: 'button', className: 'small set-role', onclick: function (e) { setRole(e.currentTarget, u, select.value); } }, 'Set')),
        u.manualRole ? el('button', { type: 'button', className: 'secondary small clear-role', onclick: function (e) { clearRole(e.currentTarget, u); } }, 'Clear manual role') : null
      ]));
  }

  function setRole(button, u, role) {
    G.busy(button, G.api('users', '/users/' + encodeURIComponent(u.id) + '/role', { method: 'PUT', body: { role: role } }).then(function (v) {
      G.show('users-message', 'ok', v.email + ' is now ' + v.role + ' (set by an admin; it stays until you clear it).');
      return load();
    }, function (err) { G.showError('users-message', err); }));
  }

  function clearRole(button, u) {
    G.busy(button, G.api('users', '/users/' + encodeURIComponent(u.id) + '/role', { method: 'DELETE' }).then(function (v) {
      G.show('users-message', 'ok', 'Manual role of ' + v.email + ' cleared: ' + v.role + ' (' + why(v) + ').');
      return load();
    }, function (err) { G.showError('users-message', err); }));
  }

  $('user-filters').addEventListener('submit', function (e) { e.preventDefault(); page = 0; load(); });
  $('filter-status').addEventListener('change', function () { page = 0; load(); });
  $('filter-role').addEventListener('change', function () { page = 0; load(); });
  $('prev-page').addEventListener('click', function () { if (page > 0) { page--; load(); } });
  $('next-page').addEventListener('click', function () { page++; load(); });
  load();
})();
