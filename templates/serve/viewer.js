// yearbook serve: the viewer. Shows the document in the iframe (快速预览: the page's HTML) or as the
// printed pages' images (分页预览: ?mode=paged), its findings beside it; follows /events and refreshes
// both after every change of the data folder. No dependencies.
(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  let mode = params.get('mode') === 'paged' ? 'paged' : 'html';
  const keyParams = new URLSearchParams(params);
  keyParams.delete('mode');
  const key = keyParams.toString();
  const api = '/api/view?' + key;
  const pagesEl = document.getElementById('pages');
  const pagedStatus = document.getElementById('paged-status');
  /** The print the page images show (its PDF's hash), and where its figures are (fetched on the first click). */
  let shownHash = null;
  let marks = null;
  let pagesLoading = null;
  let pagesAgain = false;
  let lastView = null;
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
        if (mode === 'paged') void goToFigure(f, li);
        else {
          const n = highlight(f.figures, true, selectedRegion);
          li.dataset.highlighted = String(n);
        }
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
        // the paged view's print is asked for at once, beside the findings
        const pending = mode === 'paged' ? fetch('/api/pages?' + key, { cache: 'no-store' }) : null;
        if (pending) pending.catch(() => undefined);
        let view;
        try {
          view = await (await fetch(api + (mode === 'paged' ? '&paged=1' : ''), { cache: 'no-store' })).json();
        } catch {
          continue;
        }
        document.title = view.title + ' · yearbook 预览';
        titleEl.textContent = view.title;
        statusEl.textContent = view.summary.errors + '个错误 · 版本' + view.version;
        document.body.dataset.version = String(view.version);
        document.body.dataset.status = view.status;
        renderFindings(view);
        lastView = view;
        if (view.status === 'ok' && mode === 'paged') {
          notice.hidden = true;
          frame.hidden = true;
          pagesEl.hidden = false;
          await refreshPages(pending);
        } else if (view.status === 'ok') {
          pagesEl.hidden = true;
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
          pagesEl.hidden = true;
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

  // a page's image is asked for when the page comes into view (and again, of a new print, while it is in view):
  // the server makes each image on demand, so pages far from view cost nothing
  const inView = new Set();
  const want = (img) => {
    if (img.dataset.want && img.getAttribute('src') !== img.dataset.want) img.src = img.dataset.want;
  };
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const img = e.target.querySelector('img');
      if (e.isIntersecting) {
        inView.add(img);
        want(img);
      } else inView.delete(img);
    }
  }, { rootMargin: '300px 0px' });

  /** The printed pages as images: one per page, loaded as they scroll into view; replaced when the print changes. */
  async function refreshPages(pending) {
    if (pagesLoading) {
      pagesAgain = true;
      return pagesLoading;
    }
    pagesLoading = (async () => {
      do {
        pagesAgain = false;
        const asked = pending;
        pending = null;
        pagedStatus.textContent = shownHash ? '正在更新分页…' : '正在排版分页（首次需要启动打印用的浏览器）…';
        let pv;
        try {
          pv = await (await (asked || fetch('/api/pages?' + key, { cache: 'no-store' }))).json();
        } catch {
          pagedStatus.textContent = '无法取得分页';
          continue;
        }
        if (pv.error) {
          pagedStatus.textContent = '无法分页：' + pv.error;
          notice.hidden = false;
          notice.textContent = '文档无法排版：' + pv.error;
          continue;
        }
        notice.hidden = true;
        pagedStatus.textContent = pv.pages.length + '页 · 排版' + (pv.printMs / 1000).toFixed(2) + '秒' + (pv.measurements === 'reused' ? '（沿用上次的目录页码和续表位置，随后核对）' : '');
        if (pv.hash === shownHash) continue;
        while (pagesEl.children.length > pv.pages.length) {
          inView.delete(pagesEl.lastChild.querySelector('img'));
          observer.unobserve(pagesEl.lastChild);
          pagesEl.lastChild.remove();
        }
        pv.pages.forEach((size, i) => {
          let sheet = pagesEl.children[i];
          if (!sheet) {
            sheet = el('figure', 'sheet');
            sheet.id = 'p' + (i + 1);
            const img = document.createElement('img');
            img.decoding = 'async';
            img.alt = '第' + (i + 1) + '页';
            img.dataset.page = String(i + 1);
            img.addEventListener('load', () => {
              img.dataset.loadedHash = img.dataset.hash;
              img.dataset.loadedAt = String(performance.timeOrigin + performance.now());
            });
            sheet.append(img, el('figcaption', '', '第' + (i + 1) + '页'));
            pagesEl.append(sheet);
            observer.observe(sheet);
          }
          const img = sheet.querySelector('img');
          img.width = size.width;
          img.height = size.height;
          // the sheet has its page's width (at most the column's) before its image arrives: pages out of view stay out of view
          sheet.style.width = size.width + 'px';
          sheet.style.maxWidth = '100%';
          img.dataset.hash = pv.hash;
          img.dataset.want = '/page.png?h=' + pv.hash + '&n=' + (i + 1);
          if (inView.has(img)) want(img);
        });
        shownHash = pv.hash;
        marks = null;
        document.body.dataset.pages = String(pv.pages.length);
        document.body.dataset.pagesHash = pv.hash;
        document.body.dataset.pagesVersion = String(pv.version);
      } while (pagesAgain);
      pagesLoading = null;
    })();
    return pagesLoading;
  }

  /** Paged view: scrolls to the page where the finding's figure is printed (first such page). */
  async function goToFigure(f, li) {
    if (!shownHash || f.figures.length === 0) return;
    const hash = shownHash;
    if (!marks || marks.hash !== hash) {
      const r = await fetch('/api/marks?h=' + hash, { cache: 'no-store' });
      if (!r.ok) return;
      marks = { hash, list: await r.json() };
    }
    // the figure in the document's own text first, then its row of a statistical table
    let page = null;
    for (const inRow of [false, true]) {
      for (const m of marks.list) {
        if (m.row !== inRow || m.page === null || !m.paths.some((p) => f.figures.includes(p))) continue;
        if (f.region && m.region && m.region !== f.region) continue;
        if (page === null || m.page < page) page = m.page;
      }
      if (page !== null) break;
    }
    li.dataset.page = page === null ? '' : String(page);
    pagesEl.querySelectorAll('.sheet.target').forEach((x) => x.classList.remove('target'));
    if (page === null) return;
    const sheet = document.getElementById('p' + page);
    sheet.classList.add('target');
    const top = sheet.getBoundingClientRect().top + window.scrollY - 56;
    window.scrollTo({ top, behavior: 'instant' });
  }

  /** The two views: 快速预览 (the page's HTML, the default) and 分页预览 (the printed pages). */
  function setMode(m) {
    mode = m;
    const q = new URLSearchParams(keyParams);
    if (m === 'paged') q.set('mode', 'paged');
    history.replaceState(null, '', '/view?' + q.toString());
    document.body.dataset.mode = m;
    document.getElementById('mode-html').setAttribute('aria-pressed', String(m === 'html'));
    document.getElementById('mode-paged').setAttribute('aria-pressed', String(m === 'paged'));
    pagedStatus.hidden = m !== 'paged';
    shownHtml = null;
    void refresh();
  }
  document.getElementById('mode-html').addEventListener('click', () => setMode('html'));
  document.getElementById('mode-paged').addEventListener('click', () => setMode('paged'));
  document.body.dataset.mode = mode;
  document.getElementById('mode-html').setAttribute('aria-pressed', String(mode === 'html'));
  document.getElementById('mode-paged').setAttribute('aria-pressed', String(mode === 'paged'));
  pagedStatus.hidden = mode !== 'paged';

  const events = new EventSource('/events');
  events.addEventListener('update', () => void refresh());
  // a paged view printed again after its contents' page numbers or 续表 breaks moved
  events.addEventListener('pages', () => {
    if (mode === 'paged' && lastView && lastView.status === 'ok') void refreshPages();
  });
  // after a reconnection (server restarted) catch up as well
  events.addEventListener('hello', () => void refresh());
})();
