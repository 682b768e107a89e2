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
      target.setAttribute('data-updates', String(Number(target.getAttribute('data-updates') || '0') + 1));
      if (stamp) {
        var time = new Date(data.at).toLocaleTimeString(document.documentElement.lang || undefined);
        stamp.textContent = (stamp.getAttribute('data-label') || '{time}').replace('{time}', time);
      }
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

  document.addEventListener('DOMContentLoaded', function () {
    liveDashboard();
  });
})();
