// Charts with Apache ECharts (served from its WebJar beside these files), loaded only by the pages
// that draw one. Each chart follows the light or dark theme (drawn again when it changes), resizes
// with its box, reads out its data to screen readers (aria), and uses ECharts' rich-text tooltips,
// which need no inline styles.
//
// Every chart's box also carries its data for a reader or a test, without the canvas:
//   data-chart   the kind of chart (confusion, roc, importance ...), when drawn by draw()
//   data-series  JSON of the series as ECharts holds them after setOption: [{name, type, data}]
//   data-drawn   "true" once ECharts has finished drawing

let library = null;

/** ECharts, loaded on first use (one download for every page that draws charts). */
export function loadCharts() {
  if (!library) {
    library = import('./vendor/echarts.esm.min.js').catch((e) => {
      library = null; // a failed download may be tried again by the next page
      throw e;
    });
  }
  return library;
}

function dark() {
  return document.documentElement.dataset.theme === 'dark';
}

/** The series colours of the theme in force (style.css, --chart-1 to --chart-6). */
export function chartColours() {
  const css = getComputedStyle(document.documentElement);
  return [1, 2, 3, 4, 5, 6].map(i => css.getPropertyValue(`--chart-${i}`).trim()).filter(Boolean);
}

function withDefaults(option, description) {
  const label = {...(option.aria && option.aria.label), ...(description ? {description} : {})};
  return {
    backgroundColor: 'transparent',
    color: chartColours(),
    animationDuration: 300,
    textStyle: {fontFamily: 'system-ui, sans-serif'},
    ...option,
    tooltip: option.tooltip ? {renderMode: 'richText', confine: true, ...option.tooltip} : undefined,
    aria: {enabled: true, label},
  };
}

/**
 * Draws option into el; description is what a screen reader hears (the data in words; without it,
 * the option's own or ECharts' summary). An option may be a function of the theme (dark: true),
 * for colours of its own that must suit the background. Returns {update(option, description),
 * dispose()}: call dispose in the page's cleanup.
 */
export async function chart(el, option, description) {
  const echarts = await loadCharts();
  el.setAttribute('role', 'img');
  let instance = null;
  let current = option;
  let currentDescription = description;
  const built = () => withDefaults(typeof current === 'function' ? current(dark()) : current, currentDescription);
  const publish = () => {
    const series = (instance.getOption().series || []).map(s => ({name: s.name, type: s.type, data: s.data}));
    el.dataset.series = JSON.stringify(series);
  };
  const draw = () => {
    if (instance) instance.dispose();
    instance = echarts.init(el, dark() ? 'dark' : null, {renderer: 'canvas'});
    instance.on('finished', () => { el.dataset.drawn = 'true'; });
    instance.setOption(built());
    publish();
  };
  draw();
  const resize = new ResizeObserver(() => instance && instance.resize());
  resize.observe(el);
  const retheme = () => draw();
  window.addEventListener('vigil:theme', retheme);
  return {
    update(option, description) {
      current = option;
      currentDescription = description;
      instance.setOption(built(), true);
      publish();
    },
    dispose() {
      resize.disconnect();
      window.removeEventListener('vigil:theme', retheme);
      if (instance) instance.dispose();
      instance = null;
    },
  };
}

/** A chart of a named kind (its box's data-chart), drawn only if the box is still on the page. */
export async function draw(container, kind, option, description) {
  container.dataset.chart = kind;
  await loadCharts();
  if (!container.isConnected) return {update() {}, dispose() {}}; // the page has gone meanwhile
  return chart(container, option, description);
}

/** Keeps every chart a page draws, to dispose of them all in its cleanup. */
export function chartSet() {
  const handles = [];
  return {
    async draw(container, kind, option, description) {
      const handle = await draw(container, kind, option, description);
      handles.push(handle);
      return handle;
    },
    dispose() {
      handles.splice(0).forEach(h => h.dispose());
    },
  };
}

const fixed = (digits) => (v) => (v == null || Number.isNaN(v) ? '' : Number(v).toFixed(digits));

// ---- option builders: plain data in, an ECharts option out ----

/**
 * A confusion matrix as a heat map: actual classes down, predicted across. Each cell is coloured by
 * its share of the actual class (so a rare attack class that is always missed shows as clearly as a
 * common one) and labelled with its count. {@code counts[actual][predicted]}.
 */
export function confusionOption(classes, counts, { dark = false } = {}) {
  const [low, high] = dark ? ['#1e2633', '#3b82f6'] : ['#eef2ff', '#1d4ed8'];
  const data = [];
  counts.forEach((row, actual) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((n, predicted) => {
      const share = total ? n / total : 0;
      // dark cells get light numbers: the label stays readable whatever the share
      data.push({ value: [predicted, actual, share, n], label: { color: share > 0.45 || dark ? '#ffffff' : '#111827' } });
    });
  });
  const many = classes.length > 8;
  return {
    tooltip: {
      formatter: (p) => `actual ${classes[p.value[1]]}, predicted ${classes[p.value[0]]}: ${p.value[3]} (${(p.value[2] * 100).toFixed(1)} % of ${classes[p.value[1]]})`,
    },
    grid: { left: 8, right: 16, top: 16, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: classes, name: 'predicted', nameLocation: 'middle', nameGap: many ? 48 : 28,
      axisLabel: { rotate: many ? 45 : 0, interval: 0 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: classes, name: 'actual', nameLocation: 'middle', nameGap: 16 + 7 * Math.min(24, Math.max(...classes.map((c) => c.length))),
      inverse: true, axisLabel: { interval: 0 }, splitArea: { show: true } },
    visualMap: { min: 0, max: 1, dimension: 2, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
      itemHeight: 120, text: ['100 % of actual', '0 %'], inRange: { color: [low, high] } },
    series: [{
      name: 'confusion matrix', type: 'heatmap', data,
      label: { show: classes.length <= 12, formatter: (p) => String(p.value[3]) },
      emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } },
    }],
  };
}

/**
 * Curves on a [0, 1] square (ROC, precision-recall, calibration): {@code curves} is
 * [{name, points: [[x, y], ...]}]; {@code diagonal} adds the chance / perfect-calibration line.
 */
export function curveOption(curves, { xName, yName, diagonal = false, area = false } = {}) {
  const series = curves.map((c) => ({ name: c.name, type: 'line', showSymbol: false, data: c.points, areaStyle: area ? { opacity: 0.12 } : undefined }));
  if (diagonal) {
    series.push({ name: diagonal === true ? 'chance' : diagonal, type: 'line', showSymbol: false, silent: true,
      data: [[0, 0], [1, 1]], lineStyle: { type: 'dashed', width: 1, color: '#9ca3af' } });
  }
  return {
    tooltip: { trigger: 'axis', valueFormatter: fixed(3) },
    legend: { show: series.length > 1, bottom: 0 },
    grid: { left: 28, right: 16, top: 12, bottom: series.length > 1 ? 56 : 32, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 1, name: xName, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', min: 0, max: 1, name: yName, nameLocation: 'middle', nameGap: 32 },
    series,
  };
}

/**
 * Horizontal bars, largest at the top: {@code items} is [{name, value}] (feature importance,
 * explanation contributions). With {@code signed}, positive bars and negative bars get the two
 * first colours of the palette (towards / away from the explained class).
 */
export function barOption(items, { name = 'value', signed = false, digits = 3 } = {}) {
  const ordered = [...items].reverse(); // ECharts draws the first category at the bottom
  const [away, towards] = chartColours();
  const spoken = items.slice(0, 10).map((i) => `${i.name}: ${fixed(digits)(i.value)}`).join('; ');
  return {
    aria: { label: { description: `Bar chart of ${name}, largest first. ${spoken}${items.length > 10 ? `; and ${items.length - 10} more` : ''}.` } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fixed(digits) },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: fixed(digits > 2 ? 2 : digits) } },
    yAxis: { type: 'category', data: ordered.map((i) => i.name), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{
      name, type: 'bar', data: ordered.map((i) => (signed
        ? { value: i.value, itemStyle: { color: i.value >= 0 ? towards : away } }
        : i.value)),
      label: { show: true, position: 'right', formatter: (p) => fixed(digits)(p.value) },
    }],
  };
}

/**
 * Grouped vertical bars: one group per category, one bar per series ({@code series}:
 * [{name, values}]), values in [0, 1] (per-class precision, recall, F1).
 */
export function groupedBarOption(categories, series, { max = 1 } = {}) {
  const many = categories.length > 8;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fixed(3) },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: many ? 45 : 0, interval: 0 } },
    yAxis: { type: 'value', min: 0, max },
    series: series.map((s) => ({ name: s.name, type: 'bar', data: s.values })),
  };
}

/**
 * Lines over time: {@code series} is [{name, points: [[isoTime, value|null], ...], axis?: 0|1}];
 * a null value is a gap (a minute without feedback is unknown, not zero). Two y axes when a
 * series asks for the second (counts beside a share).
 */
export function timeOption(series, { yNames = ['', ''], yMax = [null, null] } = {}) {
  const twoAxes = series.some((s) => s.axis === 1);
  const axis = (i) => ({ type: 'value', name: yNames[i], max: yMax[i] ?? undefined, min: 0, splitLine: { show: i === 0 } });
  return {
    tooltip: { trigger: 'axis', valueFormatter: fixed(3) },
    legend: { show: series.length > 1, bottom: 0 },
    grid: { left: 8, right: 16, top: 28, bottom: series.length > 1 ? 40 : 16, containLabel: true },
    xAxis: { type: 'time' },
    yAxis: twoAxes ? [axis(0), axis(1)] : [axis(0)],
    series: series.map((s) => ({
      name: s.name, type: s.bar ? 'bar' : 'line', yAxisIndex: s.axis || 0, showSymbol: s.points.length < 40,
      connectNulls: false, data: s.points,
    })),
  };
}
