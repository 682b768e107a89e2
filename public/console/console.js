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

  // The review form's weighted total as scores are typed: the weighted mean over the scored criteria,
  // to three decimals (the server computes the same for the saved review).
  function weightedTotal() {
    var form = document.querySelector('form[data-weighted-total]');
    var output = document.getElementById('weighted-total');
    if (!form || !output) return;
    var inputs = form.querySelectorAll('input[data-weight]');
    function update() {
      var sum = 0;
      var weights = 0;
      for (var i = 0; i < inputs.length; i++) {
        var raw = inputs[i].value.trim();
        var score = Number(raw);
        var weight = Number(inputs[i].getAttribute('data-weight'));
        if (raw === '' || !isFinite(score) || !isFinite(weight)) continue;
        sum += weight * score;
        weights += weight;
      }
      output.textContent = weights === 0 ? '—' : String(Math.round((sum / weights) * 1000) / 1000);
    }
    form.addEventListener('input', update);
    update();
  }

  document.addEventListener('DOMContentLoaded', function () {
    liveDashboard();
    weightedTotal();
  });
})();
