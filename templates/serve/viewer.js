// yearbook serve: the viewer. Shows the document (as printed) in the iframe and its findings beside it;
// follows /events and refreshes both after every change of the data folder. No dependencies.
(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  const api = '/api/view?' + params.toString();
  const frame = document.getElementById('page');
  const notice = document.getElementById('notice');
  const list = document.getElementById('findings');
  const titleEl = document.getElementById('title');
  const statusEl = document.getElementById('status');
  const countsEl = document.getElementById('counts');
  const SEVERITY = { error: '错误', warning: '警告', info: '已接受' };
  let shownHtml = null;
  let selected = null;
  let selectedRegion = null;
  let loading = null;
  let again = false;

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  /** The page's own style for the screen: the sheet of paper and the highlight; the print CSS is untouched. */
  function dressPage(view) {
    const doc = frame.contentDocument;
    if (!doc || !doc.head) return;
    const style = doc.createElement('style');
    style.setAttribute('data-yearbook-preview', '');
    style.textContent =
      '@media screen { html { background: #8a8f98; } body { box-sizing: border-box; width: ' + view.page.width +
      '; min-height: 100vh; margin: 12px auto; padding: ' + view.page.margin +
      '; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.4); } }\n' +
      '.yb-hl { background: #ffe066 !important; outline: 2px solid #e8590c; outline-offset: 1px; }\n' +
      'text.yb-hl { fill: #c92a2a !important; font-weight: 700; }\n' +
      'tr.yb-hl td { background: #ffe066 !important; }';
    doc.head.appendChild(style);
    frame.style.height = Math.max(600, doc.documentElement.scrollHeight + 30) + 'px';
  }

  function highlight(figures, scroll, region) {
    const doc = frame.contentDocument;
    if (!doc) return 0;
    doc.querySelectorAll('.yb-hl').forEach((e) => e.classList.remove('yb-hl'));
    let first = null;
    let n = 0;
    doc.querySelectorAll('[data-yb]').forEach((e) => {
      const paths = e.getAttribute('data-yb').split(' ');
      // a statistical table's cell belongs to its row's region: only that region's finding lights it
      const row = e.closest('[data-yb-region]');
      if (region && row && row.getAttribute('data-yb-region') !== region) return;
      if (figures.some((f) => paths.includes(f))) {
        e.classList.add('yb-hl');
        n++;
        if (!first) first = e;
      }
    });
    if (first && scroll) {
      const r = first.getBoundingClientRect();
      const top = frame.getBoundingClientRect().top + window.scrollY + r.top - 120;
      window.scrollTo({ top, behavior: 'smooth' });
    }
    return n;
  }

  function renderFindings(view) {
    list.replaceChildren();
    const all = view.error ? [view.error, ...view.findings] : view.findings;
    const e = all.filter((f) => f.severity === 'error').length;
    const w = all.filter((f) => f.severity === 'warning').length;
    countsEl.textContent = all.length === 0 ? '无问题' : e + '个错误,' + w + '个警告';
    all.forEach((f, i) => {
      const li = el('li', 'finding ' + f.severity);
      li.dataset.kind = f.kind;
      li.dataset.index = String(i);
      const head = el('div', 'head');
      head.append(el('span', 'severity', SEVERITY[f.severity] || f.severity), el('span', 'kind', '[' + f.kind + ']'));
      if (f.link) {
        const a = el('a', 'where', f.rel + ':' + f.line + ':' + f.column);
        a.href = f.link;
        a.title = '在 VS Code 中打开 ' + f.file + ':' + f.line + ':' + f.column;
        a.addEventListener('click', (ev) => ev.stopPropagation());
        head.append(a);
      }
      li.append(head, el('div', 'message', f.message));
      if (f.source) li.append(el('pre', 'source', f.line + ' | ' + f.source));
      if (f.figures.length) li.append(el('div', 'figures', f.figures.join('、')));
      li.addEventListener('click', () => {
        list.querySelectorAll('.selected').forEach((x) => x.classList.remove('selected'));
        li.classList.add('selected');
        selected = f.figures.join(' ');
        selectedRegion = f.region || null;
        const n = highlight(f.figures, true, selectedRegion);
        li.dataset.highlighted = String(n);
      });
      if (selected && f.figures.join(' ') === selected) li.classList.add('selected');
      list.append(li);
    });
  }

  async function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        let view;
        try {
          view = await (await fetch(api, { cache: 'no-store' })).json();
        } catch {
          continue;
        }
        document.title = view.title + ' · yearbook 预览';
        titleEl.textContent = view.title;
        statusEl.textContent = view.summary.errors + '个错误 · 版本' + view.version;
        document.body.dataset.version = String(view.version);
        document.body.dataset.status = view.status;
        renderFindings(view);
        if (view.status === 'ok') {
          notice.hidden = true;
          frame.hidden = false;
          if (view.html !== shownHtml) {
            const y = window.scrollY;
            await new Promise((resolve) => {
              frame.onload = resolve;
              frame.src = view.html;
            });
            shownHtml = view.html;
            dressPage(view);
            window.scrollTo(0, y);
            if (selected) highlight(selected.split(' '), false, selectedRegion);
          }
        } else {
          frame.hidden = true;
          shownHtml = null;
          notice.hidden = false;
          notice.textContent =
            view.status === 'broken' ? '此文件有错误,无法显示文档;请按右侧的提示修改,保存后会自动刷新。'
            : view.status === 'error' ? '文档无法排版(见右侧);修改后会自动刷新。'
            : '没有这个文档(文件已删除或改名?)。';
        }
        document.body.dataset.shown = String(view.version);
      } while (again);
      loading = null;
    })();
    return loading;
  }

  const events = new EventSource('/events');
  events.addEventListener('update', () => void refresh());
  // after a reconnection (server restarted) catch up as well
  events.addEventListener('hello', () => void refresh());
})();
