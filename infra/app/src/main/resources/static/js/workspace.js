/* Concordia workspace: the few things the server cannot do. Loaded on every page, after htmx. */
(function () {
    'use strict';

    function meta(name) {
        var element = document.querySelector('meta[name="' + name + '"]');
        return element ? element.content : null;
    }

    // htmx requests carry the CSRF token as a header, like forms carry it as a field.
    document.addEventListener('htmx:configRequest', function (event) {
        var header = meta('csrf-header'), token = meta('csrf-token');
        if (header && token) {
            event.detail.headers[header] = token;
        }
        var form = event.detail.elt;
        if (form && form.hasAttribute && form.hasAttribute('data-asof-form')) {
            var utc = toUtc(form);
            event.detail.parameters.asOf = utc;
            delete event.detail.parameters.asOfLocal;
        }
    });

    // As-of pickers: the browser's local date and time, sent as a UTC instant.
    function toUtc(form) {
        var local = form.querySelector('[data-asof-local]');
        var hidden = form.querySelector('[data-asof-utc]');
        var value = local && local.value ? new Date(local.value).toISOString() : '';
        if (hidden) {
            hidden.value = value;
        }
        return value;
    }

    document.addEventListener('submit', function (event) {
        var form = event.target;
        if (form.hasAttribute('data-asof-form')) {
            toUtc(form);
            var local = form.querySelector('[data-asof-local]');
            if (local) {
                local.disabled = true; // only the UTC instant goes into the URL
                setTimeout(function () { local.disabled = false; }, 0);
            }
        }
        form.querySelectorAll('[data-local-instant]').forEach(function (input) {
            var target = form.querySelector('[name="' + input.getAttribute('data-local-instant') + '"]');
            if (target) {
                target.value = input.value ? new Date(input.value).toISOString() : '';
            }
        });
    }, true);

    // Times: the server writes UTC; show the browser's zone, with UTC on hover.
    var localFormat = new Intl.DateTimeFormat(undefined, {
        year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
    });

    var dateFormat = new Intl.DateTimeFormat(undefined, {year: 'numeric', month: 'short', day: 'numeric'});

    function localTimes(root) {
        root.querySelectorAll('time[datetime]:not([data-local])').forEach(function (time) {
            var date = new Date(time.getAttribute('datetime'));
            if (isNaN(date)) {
                return;
            }
            time.setAttribute('title', 'UTC: ' + time.textContent.trim());
            time.textContent = (time.hasAttribute('data-date-only') ? dateFormat : localFormat).format(date);
            if (time.hasAttribute('data-date-only')) {
                time.setAttribute('title', localFormat.format(date) + ' (UTC: ' + time.getAttribute('title').slice(5) + ')');
            }
            time.setAttribute('data-local', '');
        });
        root.querySelectorAll('input[data-utc-value]').forEach(function (input) {
            var value = input.getAttribute('data-utc-value');
            if (value) {
                var date = new Date(value);
                var local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
                input.value = local.toISOString().slice(0, 16);
            }
            input.removeAttribute('data-utc-value');
        });
    }

    // Charts: horizontal bars from the numbers the server put in data-chart (also shown as a table).
    var charts = [];

    function drawCharts(root) {
        if (!window.echarts) {
            return;
        }
        root.querySelectorAll('[data-chart]').forEach(function (element) {
            var data = JSON.parse(element.getAttribute('data-chart'));
            element.style.height = Math.max(120, data.labels.length * 30 + 40) + 'px';
            var chart = window.echarts.init(element, null, {renderer: 'canvas'});
            chart.setOption({
                aria: {enabled: false},
                animation: false,
                grid: {left: 8, right: 32, top: 8, bottom: 8, containLabel: true},
                xAxis: {type: 'value', minInterval: 1, axisLabel: {color: '#374151'}},
                yAxis: {type: 'category', data: data.labels, inverse: true,
                        axisLabel: {color: '#1f2937', width: 160, overflow: 'truncate'}},
                tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
                series: [{type: 'bar', data: data.values, itemStyle: {color: '#1d4ed8'},
                          label: {show: true, position: 'right', color: '#111827'}}]
            });
            charts.push(chart);
        });
    }

    window.addEventListener('resize', function () {
        charts = charts.filter(function (chart) { return !chart.isDisposed() && document.body.contains(chart.getDom()); });
        charts.forEach(function (chart) { chart.resize(); });
    });

    // Signing dialogs: opened by a button, and again after a refused attempt (the page comes back with it marked).
    function dialogs(root) {
        root.querySelectorAll('[data-open-dialog]').forEach(function (button) {
            button.addEventListener('click', function () {
                var dialog = document.getElementById(button.getAttribute('data-open-dialog'));
                if (dialog && !dialog.open) {
                    dialog.showModal();
                }
            });
        });
        root.querySelectorAll('[data-close-dialog]').forEach(function (button) {
            button.addEventListener('click', function () {
                var dialog = button.closest('dialog');
                if (dialog) {
                    dialog.close();
                }
            });
        });
        root.querySelectorAll('dialog[data-open-on-load]').forEach(function (dialog) {
            if (!dialog.open) {
                dialog.showModal();
            }
        });
    }

    function init(root) {
        localTimes(root);
        drawCharts(root);
        dialogs(root);
    }

    if (window.htmx) {
        window.htmx.onLoad(init);
    } else {
        document.addEventListener('DOMContentLoaded', function () { init(document); });
    }
})();
