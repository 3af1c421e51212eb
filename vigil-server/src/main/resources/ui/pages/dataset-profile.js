// A dataset's profile as the server computed it at upload (GET /ml/datasets/{id}/stats): the figures
// at a glance (rows, columns, completeness, duplicates, class balance as a chart), then per column
// its type, missing values, distinct values, a summary and a small chart: a histogram of a numeric
// column (bar heights on a log scale: security data is heavily skewed), the top values of another.

import {chart} from '../charts.js';
import {h} from '../dom.js';
import {count, number, percent} from '../format.js';

const MAX_CLASSES_DRAWN = 40;

/** {element, draw()}: draw() renders the class balance chart once the element is in the page; it answers a dispose function. */
export function profileSection(dataset, stats) {
  const balance = h('div', {class: 'chart class-balance', id: 'class-balance'});
  const glance = h('section', {'aria-labelledby': 'glance-title'},
    h('h2', {id: 'glance-title'}, 'At a glance'),
    h('div', {class: 'glance'},
      figure('Rows', count(stats.rows)),
      figure('Columns', count(stats.columns)),
      figure('Completeness', percent(completeness(stats), 2), 'cells that have a value'),
      figure('Duplicate rows', `${stats.duplicateRowsExact === false ? '≈ ' : ''}${count(stats.duplicateRows)}`,
        stats.rows ? percent(stats.duplicateRows / stats.rows) + ' of the rows' : null)),
    classBalanceCard(dataset, stats, balance));
  const columns = h('section', {'aria-labelledby': 'columns-title'},
    h('h2', {id: 'columns-title'}, 'Columns'),
    h('div', {class: 'table-wrap'}, h('table', {class: 'columns'},
      h('thead', null, h('tr', null,
        h('th', {scope: 'col'}, 'Column'), h('th', {scope: 'col'}, 'Type'), h('th', {scope: 'col', class: 'num'}, 'Missing'),
        h('th', {scope: 'col', class: 'num'}, 'Distinct'), h('th', {scope: 'col'}, 'Summary'), h('th', {scope: 'col'}, 'Distribution'))),
      h('tbody', null, (stats.columnProfiles || []).map(c => columnRow(c, dataset.labelColumn))))));

  return {
    element: h('div', {class: 'profile'}, glance, columns),
    async draw() {
      const classes = stats.classBalance || [];
      if (!dataset.labelColumn || classes.length === 0) return () => {};
      const shown = classes.slice().sort((a, b) => b.count - a.count).slice(0, MAX_CLASSES_DRAWN);
      balance.style.height = `${Math.max(140, shown.length * 24 + 40)}px`; // CSSOM, which the policy allows
      const drawn = await chart(balance, classBalanceOption(shown), `Class balance of ${dataset.labelColumn}: `
        + shown.map(c => `${c.value} ${count(c.count)} (${percent(c.fraction)})`).join(', ')
        + (classes.length > shown.length ? `, and ${classes.length - shown.length} smaller classes` : ''));
      return () => drawn.dispose();
    },
  };
}

function figure(label, value, note) {
  return h('div', {class: 'figure card'}, h('div', {class: 'figure-label'}, label), h('div', {class: 'figure-value'}, value),
    note ? h('div', {class: 'figure-note muted'}, note) : null);
}

/** The share of cells with a value: 1 - missing cells / all cells. */
function completeness(stats) {
  const profiles = stats.columnProfiles || [];
  const cells = stats.rows * profiles.length;
  if (!cells) return null;
  const missing = profiles.reduce((sum, c) => sum + (c.missing || 0), 0);
  return 1 - missing / cells;
}

function classBalanceCard(dataset, stats, chartBox) {
  const classes = stats.classBalance || [];
  if (!dataset.labelColumn || classes.length === 0) {
    return h('div', {class: 'card balance-card'}, h('h3', null, 'Class balance'),
      h('p', {class: 'muted'}, 'This dataset has no label column: name one when you upload it to see how its classes are balanced.'));
  }
  const sorted = classes.slice().sort((a, b) => b.count - a.count);
  const ratio = sorted[sorted.length - 1].count ? sorted[0].count / sorted[sorted.length - 1].count : null;
  return h('div', {class: 'card balance-card'},
    h('h3', null, `Class balance of `, h('code', null, dataset.labelColumn)),
    h('p', {class: 'muted'}, `${count(classes.length)} classes${stats.classBalanceExact === false ? ' (estimated)' : ''}; `
      + `the largest, “${sorted[0].value}”, is ${percent(sorted[0].fraction)} of the rows`
      + (ratio && classes.length > 1 ? `, ${number(ratio)} times the smallest.` : '.')),
    chartBox);
}

function classBalanceOption(shown) {
  const ordered = shown.slice().reverse(); // the largest class on top
  return {
    grid: {left: 8, right: 64, top: 8, bottom: 8, containLabel: true},
    xAxis: {type: 'value', splitNumber: 4},
    yAxis: {type: 'category', data: ordered.map(c => c.value), axisTick: {show: false}},
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
    series: [{
      type: 'bar', name: 'rows', barMaxWidth: 18,
      data: ordered.map(c => ({value: c.count, fraction: c.fraction})),
      label: {show: true, position: 'right', formatter: p => percent(p.data.fraction)},
    }],
  };
}

function columnRow(c, labelColumn) {
  const missingShare = c.count ? c.missing / c.count : 0;
  return h('tr', null,
    h('th', {scope: 'row'}, h('code', null, c.name), c.name === labelColumn ? h('span', {class: 'badge info'}, 'label') : null),
    h('td', null, c.type.toLowerCase()),
    h('td', {class: 'num'}, c.missing ? h('span', {class: 'badge warn'}, `${count(c.missing)} · ${percent(missingShare)}`) : '0'),
    h('td', {class: 'num'}, `${c.distinctExact === false ? '≈ ' : ''}${count(c.distinct)}`),
    h('td', {class: 'summary'}, summary(c)),
    h('td', {class: 'spark-cell'}, c.numeric && c.numeric.histogram ? histogram(c) : topValues(c)));
}

function summary(c) {
  if (c.numeric) {
    const n = c.numeric;
    return h('span', null, `min ${number(n.min)} · median ${number(n.quantiles && n.quantiles.p50)} · mean ${number(n.mean)} · max ${number(n.max)}`);
  }
  const top = (c.topValues || []).slice(0, 3);
  return top.length ? h('span', null, top.map(t => `${t.value} ${percent(t.fraction)}`).join(' · ')) : h('span', {class: 'muted'}, 'no values');
}

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 28;

/** A histogram as a small SVG, bar heights on a log scale so that rare values still show. */
function histogram(c) {
  const {edges, counts} = c.numeric.histogram;
  const most = Math.max(...counts, 1);
  const width = SPARK_WIDTH / counts.length;
  const bars = counts.map((n, i) => {
    const height = n === 0 ? 0 : Math.max(1.5, (Math.log1p(n) / Math.log1p(most)) * SPARK_HEIGHT);
    return h('svg:rect', {x: (i * width).toFixed(2), y: (SPARK_HEIGHT - height).toFixed(2), width: Math.max(1, width - 1).toFixed(2),
      height: height.toFixed(2)}, h('svg:title', null, `${number(edges[i])} to ${number(edges[i + 1])}: ${count(n)}`));
  });
  return h('svg:svg', {class: 'spark', viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, width: SPARK_WIDTH, height: SPARK_HEIGHT,
    role: 'img', 'aria-label': `Histogram of ${c.name} from ${number(edges[0])} to ${number(edges[edges.length - 1])}, `
      + `${counts.length} bins, heights on a log scale`}, bars);
}

/** The top values as one bar split by their shares; the rest of the column in the remaining grey. */
function topValues(c) {
  const top = (c.topValues || []).slice(0, 5);
  let x = 0;
  const segments = top.map((t, i) => {
    const width = t.fraction * SPARK_WIDTH;
    const rect = h('svg:rect', {x: x.toFixed(2), y: '6', width: Math.max(0.5, width).toFixed(2), height: '16', class: `seg seg-${i}`},
      h('svg:title', null, `${t.value}: ${count(t.count)} (${percent(t.fraction)})`));
    x += width;
    return rect;
  });
  return h('svg:svg', {class: 'spark', viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, width: SPARK_WIDTH, height: SPARK_HEIGHT,
    role: 'img', 'aria-label': `Top values of ${c.name}: ` + top.map(t => `${t.value} ${percent(t.fraction)}`).join(', ')},
  h('svg:rect', {x: '0', y: '6', width: SPARK_WIDTH, height: '16', class: 'seg-rest'}), segments);
}
