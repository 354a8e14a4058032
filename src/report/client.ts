/**
 * The script that runs in the browser: shows one page of the report at a time (from the URL's #fragment, so links
 * and the language switch keep the page), draws the charts (the visible page's first, then the rest in the
 * background, so that printing finds them drawn), and sorts and filters tables. Plain ES2017, no library but the
 * inlined vega-embed.
 */

export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  var config = JSON.parse(document.getElementById('page-config').textContent);
  var each = function (selector, fn, scope) { Array.prototype.forEach.call((scope || document).querySelectorAll(selector), fn); };

  /* Pages */
  var pages = Array.prototype.slice.call(document.querySelectorAll('section.page[data-page]'));
  function current() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = ''; }
    var target = id ? document.getElementById(id) : null;
    var page = target && target.closest ? target.closest('section.page[data-page]') : null;
    return { page: page || pages[0] || null, target: target };
  }
  function show(scroll) {
    var cur = current();
    if (!cur.page) return;
    pages.forEach(function (p) { p.classList.toggle('active', p === cur.page); });
    each('[data-page-link]', function (a) {
      if (a.getAttribute('data-page-link') === cur.page.id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    var fragment = cur.target ? cur.target.id : cur.page.id;
    each('a[data-lang-link]', function (a) {
      a.setAttribute('href', a.getAttribute('data-lang-link') + '#' + encodeURIComponent(fragment));
    });
    if (cur.target && cur.target !== cur.page) cur.target.scrollIntoView();
    else if (scroll) window.scrollTo(0, 0);
  }
  window.addEventListener('hashchange', function () { show(true); });
  /* The skip link moves focus to the content without changing the page (a #main hash would). */
  each('a[data-skip]', function (a) {
    a.addEventListener('click', function (e) {
      var main = document.getElementById('main');
      if (!main) return;
      e.preventDefault();
      main.focus();
    });
  });
  show(false);

  /* Charts */
  var queue = Array.prototype.slice.call(document.querySelectorAll('[data-spec]'));
  var total = queue.length;
  var done = 0;
  root.setAttribute('data-charts', total === 0 ? 'rendered' : 'rendering');
  function finished(el, ok, err) {
    el.setAttribute('data-rendered', ok ? 'true' : 'error');
    var loading = el.querySelector('.chart-loading');
    if (loading && loading.parentNode) loading.parentNode.removeChild(loading);
    if (!ok) {
      var p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = config.chartFailed;
      el.appendChild(p);
      if (window.console) console.error(err);
    }
    done += 1;
    if (done === total) root.setAttribute('data-charts', 'rendered');
  }
  function next() {
    if (queue.length === 0) return;
    var page = current().page;
    var index = 0;
    for (var i = 0; i < queue.length; i++) { if (page && page.contains(queue[i])) { index = i; break; } }
    var el = queue.splice(index, 1)[0];
    var spec;
    try {
      spec = JSON.parse(document.getElementById(chosenSpec(el)).textContent);
    } catch (err) {
      finished(el, false, err);
      setTimeout(next, 0);
      return;
    }
    if (el.__embedded) { el.__embedded.finalize(); el.__embedded = null; el.textContent = ''; }
    vegaEmbed(el, spec, config.embed)
      .then(function (result) { el.__embedded = result; quietEmptyMarks(el); finished(el, true); }, function (err) { finished(el, false, err); })
      .then(function () { setTimeout(next, 0); });
  }
  /* A chart with a narrow layout (the map) draws it where its box is narrower than the wide layout, whose labels
     would otherwise shrink below a readable size; it is drawn again when the box crosses that width. */
  function boxWidth(el) {
    if (el.clientWidth > 0) return el.clientWidth;
    /* On a page not shown (drawn in the background) the box has no width: it gets the content's width. */
    var main = document.getElementById('main');
    if (!main) return 0;
    var style = getComputedStyle(main);
    return main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }
  function wantsNarrow(el) {
    return el.hasAttribute('data-spec-narrow') && boxWidth(el) < Number(el.getAttribute('data-narrow-below'));
  }
  function chosenSpec(el) {
    var narrow = wantsNarrow(el);
    el.setAttribute('data-layout', narrow ? 'narrow' : 'wide');
    return narrow ? el.getAttribute('data-spec-narrow') : el.getAttribute('data-spec');
  }
  var resized = null;
  window.addEventListener('resize', function () {
    /* Laying out a printed page is no reason to draw again: the drawn layout prints (scaled to the sheet). */
    if (window.matchMedia && window.matchMedia('print').matches) return;
    clearTimeout(resized);
    resized = setTimeout(function () {
      each('[data-spec-narrow][data-layout]', function (el) {
        if ((wantsNarrow(el) ? 'narrow' : 'wide') === el.getAttribute('data-layout') || queue.indexOf(el) >= 0) return;
        queue.push(el);
        total += 1;
        if (root.getAttribute('data-charts') === 'rendered') { root.setAttribute('data-charts', 'rendering'); next(); }
      });
    }, 150);
  });
  /* Vega gives a mark container with no marks (a layer empty in one facet) the role of a symbol without a name:
     nothing there to read, so it is hidden from assistive technology rather than announced as an unnamed image. */
  function quietEmptyMarks(el) {
    each('g[role="graphics-symbol"]', function (g) {
      if (g.childElementCount === 0) { g.removeAttribute('role'); g.setAttribute('aria-hidden', 'true'); }
    }, el);
  }
  if (typeof vegaEmbed === 'function') next();
  else each('[data-spec]', function (el) { finished(el, false, new Error('vega-embed is missing')); });

  /* Sortable tables */
  each('table[data-sortable]', function (table) {
    var body = table.tBodies[0];
    if (!body) return;
    each('thead th[data-sort-type]', function (th) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var column = Array.prototype.indexOf.call(th.parentNode.children, th);
        var type = th.getAttribute('data-sort-type');
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        each('thead th', function (other) { other.removeAttribute('aria-sort'); }, table);
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          var v = cell ? (cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent) : '';
          if (type === 'number') { var n = parseFloat(v); return isNaN(n) ? null : n; }
          return (v || '').trim();
        };
        rows.sort(function (a, b) {
          var x = key(a); var y = key(b);
          if (x === null || x === '') return (y === null || y === '') ? 0 : 1;
          if (y === null || y === '') return -1;
          if (type === 'number') return dir * (x - y);
          return dir * String(x).localeCompare(String(y), root.lang);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    }, table);
  });

  /* Filters */
  each('form[data-filter-for]', function (form) {
    var table = document.getElementById(form.getAttribute('data-filter-for'));
    var count = document.querySelector('[data-count-for="' + form.getAttribute('data-filter-for') + '"]');
    if (!table || !table.tBodies[0]) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var q = '';
      var selects = [];
      var checks = [];
      each('input, select', function (input) {
        if (input.type === 'search') q = input.value.trim().toLowerCase();
        else if (input.type === 'checkbox') { if (input.checked) checks.push(input.name); }
        else if (input.tagName === 'SELECT' && input.value !== '') selects.push([input.name, input.value]);
      }, form);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = q === '' || row.textContent.toLowerCase().indexOf(q) >= 0;
        for (var i = 0; ok && i < selects.length; i++) ok = row.getAttribute('data-' + selects[i][0]) === selects[i][1];
        for (var j = 0; ok && j < checks.length; j++) ok = row.getAttribute('data-' + checks[j]) === '1';
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = (count.getAttribute('data-template') || '{shown}/{total}')
        .replace('{shown}', shown.toLocaleString(root.lang)).replace('{total}', rows.length.toLocaleString(root.lang));
    }
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
    apply();
  });

  /* Print: open folded tables so they print too. */
  window.addEventListener('beforeprint', function () { each('details', function (d) { d.open = true; }); });
})();
`;
