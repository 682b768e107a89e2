// Tandem console: progressive enhancement only. Every page works without this script; with it the
// administrators' dashboard updates itself from server-sent events.
(function () {
  'use strict';

  function liveDashboard() {
    var target = document.getElementById('dashboard-live');
    if (!target || !window.EventSource) return;
    var stamp = document.getElementById('dashboard-updated');
    var source = new EventSource(target.getAttribute('data-stream'));
    source.addEventListener('dashboard', function (event) {
      var data = JSON.parse(event.data);
      target.innerHTML = data.html;
      focusableScrollers();
      target.setAttribute('data-updates', String(Number(target.getAttribute('data-updates') || '0') + 1));
      if (stamp) {
        var time = new Date(data.at).toLocaleTimeString(document.documentElement.lang === 'ja' ? 'ja-JP' : 'en-GB');
        stamp.textContent = (stamp.getAttribute('data-label') || '{time}').replace('{time}', time);
      }
    });
    // The session ended (signed out, password reset, no longer an administrator): stop, do not reconnect.
    source.addEventListener('end', function () {
      source.close();
      document.body.classList.remove('live');
    });
    source.addEventListener('open', function () {
      document.body.classList.add('live');
    });
    source.addEventListener('error', function () {
      document.body.classList.remove('live');
    });
    window.addEventListener('pagehide', function () {
      source.close();
    });
  }

  // The review form's weighted total as scores are chosen: the weighted mean of the criteria's
  // scores, to three decimals (the server computes the same for the saved review), once every
  // criterion has one; until then "incomplete: k of n scored".
  function weightedTotal() {
    var form = document.querySelector('form[data-weighted-total]');
    var output = document.getElementById('weighted-total');
    var line = document.getElementById('weighted-total-line');
    if (!form || !output) return;
    var inputs = form.querySelectorAll('input[data-weight]');
    function update() {
      var criteria = {};
      for (var i = 0; i < inputs.length; i++) {
        var input = inputs[i];
        var name = input.getAttribute('name');
        if (!(name in criteria)) criteria[name] = { weight: Number(input.getAttribute('data-weight')), raw: '' };
        if (input.type !== 'radio' || input.checked) criteria[name].raw = input.type === 'radio' ? input.value : input.value.trim();
      }
      var sum = 0;
      var weights = 0;
      var scored = 0;
      var count = 0;
      for (var key in criteria) {
        count++;
        var c = criteria[key];
        var score = Number(c.raw);
        if (c.raw === '' || !isFinite(score) || !isFinite(c.weight)) continue;
        scored++;
        sum += c.weight * score;
        weights += c.weight;
      }
      if (scored < count || weights === 0) {
        var template = (line && line.getAttribute('data-incomplete')) || '{scored}/' + count;
        output.textContent = template.replace('{scored}', String(scored));
      } else {
        output.textContent = (Math.round((sum / weights) * 1000) / 1000).toLocaleString(document.documentElement.lang || undefined);
      }
    }
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    update();
  }

  // The reader's time zone, for the server to show dates in (the console shows UTC until it knows).
  function rememberTimeZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (_error) {
      return;
    }
    if (!zone) return;
    var cookie = 'tandem_tz=' + encodeURIComponent(zone);
    if (document.cookie.split('; ').indexOf(cookie) >= 0) return;
    document.cookie = cookie + '; path=/console; max-age=31536000; samesite=lax' + (location.protocol === 'https:' ? '; secure' : '');
  }

  rememberTimeZone();

  // A framed workflow diagram tells its height once drawn: its frame grows to show all of it.
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || typeof event.data.tandemDiagramHeight !== 'number') return;
    var frames = document.querySelectorAll('iframe.diagram-frame');
    for (var i = 0; i < frames.length; i++)
      if (frames[i].contentWindow === event.source) frames[i].style.height = Math.ceil(event.data.tandemDiagramHeight) + 16 + 'px';
  });

  // A table wider than its card scrolls sideways: keyboard users reach it too (a named, focusable region).
  function focusableScrollers() {
    if (!document.body) return;
    var wraps = document.querySelectorAll('.table-wrap');
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute('tabindex')) continue;
      var caption = wrap.querySelector('caption');
      wrap.setAttribute('tabindex', '0');
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', caption ? caption.textContent.trim() : document.title);
    }
  }

  // A region that follows a server-sent stream (a bulk batch's progress): `live` events replace its
  // content; `end` stops the stream and reloads the page once, so its buttons match the ended batch.
  function liveRegions() {
    var regions = document.querySelectorAll('[data-live-stream]');
    for (var i = 0; i < regions.length; i++) {
      (function (target) {
        var url = target.getAttribute('data-live-stream');
        if (!url || !window.EventSource) return;
        var source = new EventSource(url);
        source.addEventListener('live', function (event) {
          target.innerHTML = JSON.parse(event.data).html;
          target.setAttribute('data-updates', String(Number(target.getAttribute('data-updates') || '0') + 1));
        });
        source.addEventListener('end', function () {
          source.close();
          window.location.reload();
        });
        window.addEventListener('pagehide', function () {
          source.close();
        });
      })(regions[i]);
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusableScrollers();
    window.addEventListener('resize', focusableScrollers);
    liveDashboard();
    liveRegions();
    weightedTotal();
  });
})();
