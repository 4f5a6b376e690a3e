// buoy embed: a small notice on another site while an incident or a
// maintenance is going on, nothing when all is well. Include it with
//   <script src="https://status.example.org/embed.js" async></script>
// It reads api/v2/summary.json beside itself (the host must send
// Access-Control-Allow-Origin for it: see docs/hosting.md) and shows the
// notice where the script is, or first in the body when it is in the
// head. Dismissed, it stays away for the browser session until something
// changes. Styles are set through the CSSOM, in a shadow root: the page's
// CSS does not reach it, and a Content-Security-Policy without
// 'unsafe-inline' styles lets them through.
(function () {
  var me = document.currentScript;
  if (!me || !window.fetch) return;
  var words = __WORDS__;
  var base = new URL('.', me.src);
  var spot = me.parentNode && me.parentNode !== document.head ? me : null;
  fetch(new URL('api/v2/summary.json', base), { credentials: 'omit' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(show)
    .catch(function () {});

  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }

  function show(s) {
    if (!s) return;
    var items = (s.incidents || []).filter(function (i) {
      return i.status !== 'resolved' && i.status !== 'postmortem';
    }).map(function (i) { return { i: i, c: { minor: '#9a6700', major: '#bc4c00', critical: '#cf222e' }[i.impact] || '#59636e', w: words.incident }; });
    (s.scheduled_maintenances || []).forEach(function (m) {
      if (m.status === 'in_progress') items.push({ i: m, c: '#0969da', w: words.maintenance });
    });
    if (!items.length) return;
    var key = 'buoy-embed ' + base + ' ' + items.map(function (x) { return x.i.id + '@' + x.i.updated_at; }).join(' ');
    try { if (sessionStorage.getItem(key)) return; } catch (e) {}

    var host = el('div');
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var box = el('section', 'display:flex;gap:.75em;align-items:flex-start;margin:.5em 0;padding:.6em .8em;font:15px/1.4 system-ui,sans-serif;color:#1f2328;background:#fff;border:1px solid ' + items[0].c + ';border-left:6px solid ' + items[0].c + ';border-radius:6px');
    box.setAttribute('aria-label', words.label);
    box.setAttribute('lang', words.lang);
    var list = el('ul', 'flex:1;margin:0;padding:0;list-style:none');
    items.forEach(function (x) {
      var li = el('li', 'margin:0 0 .2em'), a = el('a', 'color:#0550ae', x.i.name);
      // Only a web address: the API is the status site's own, but a
      // javascript: link would run in the including page.
      var u = new URL(x.i.shortlink || base.href, base);
      a.href = /^https?:$/.test(u.protocol) ? u.href : base.href;
      a.setAttribute('dir', 'auto');
      li.appendChild(el('strong', '', x.w + ': '));
      li.appendChild(a);
      list.appendChild(li);
    });
    var close = el('button', 'flex:none;margin:0;padding:0 .4em;font:inherit;font-size:1.2em;line-height:1.2;color:#1f2328;background:none;border:1px solid transparent;border-radius:4px;cursor:pointer', '\u00d7');
    close.type = 'button';
    close.setAttribute('aria-label', words.dismiss);
    close.title = words.dismiss;
    close.onclick = function () {
      try { sessionStorage.setItem(key, '1'); } catch (e) {}
      host.remove();
    };
    box.appendChild(list);
    box.appendChild(close);
    root.appendChild(box);
    if (spot) spot.parentNode.insertBefore(host, spot);
    else document.body.insertBefore(host, document.body.firstChild);
  }
})();
