// buoy: the page's times in the reader's time zone. The page is complete
// without this script: every time is written in the site's zone, named.
// This rewrites each <time datetime> with a clock time into the reader's
// zone (the clock alone within 12 hours, else the date too; the site's
// text stays as the title), names the reader's zone in the footer, and
// keeps an ongoing duration ([data-since]) current each minute.
(function () {
  var doc = document, lang = doc.documentElement.lang || undefined;
  function fmt(o) {
    try { return new Intl.DateTimeFormat(lang, o); } catch (e) { return new Intl.DateTimeFormat(undefined, o); }
  }
  var full = fmt({ year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  var short = fmt({ hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  doc.querySelectorAll('time[datetime]').forEach(function (t) {
    var s = t.getAttribute('datetime');
    // A date alone (no clock time) reads the same in every zone.
    if (s.length < 20) return;
    var d = new Date(s);
    if (isNaN(d)) return;
    // The server gave a clock time alone (its title holds the date):
    // so does this, while it is within 12 hours.
    var brief = t.title && t.title !== t.textContent && Math.abs(Date.now() - d) < 432e5;
    if (!t.title) t.title = t.textContent;
    t.textContent = (brief ? short : full).format(d);
  });
  var zone = doc.querySelector('.tz');
  if (zone) zone.textContent = fmt({}).resolvedOptions().timeZone || zone.textContent;
  var units = [['day', 864e5], ['hour', 36e5], ['minute', 6e4]];
  function unit(n, u) {
    try { return new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short' }).format(n); } catch (e) { return n + ' ' + u; }
  }
  function tick() {
    doc.querySelectorAll('[data-since]').forEach(function (box) {
      var el = box.querySelector('.dur') || box;
      var left = Date.now() - new Date(box.getAttribute('data-since')), parts = [];
      if (!(left > 0)) return;
      units.forEach(function (u) {
        var n = Math.floor(left / u[1]);
        if ((n || parts.length) && parts.length < 2) { parts.push(n ? unit(n, u[0]) : ''); left -= n * u[1]; }
      });
      el.textContent = parts.filter(Boolean).join(' ') || unit(0, 'minute');
    });
  }
  tick();
  setInterval(tick, 6e4);
})();
