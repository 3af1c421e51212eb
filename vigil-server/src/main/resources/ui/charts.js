// Charts with Apache ECharts (served from its WebJar beside these files), loaded only by the pages
// that draw one. Each chart follows the light or dark theme, resizes with its box, reads out its
// data to screen readers (aria), and uses ECharts' rich-text tooltips, which need no inline styles.

let library = null;

/** ECharts, loaded on first use (one download for every page that draws charts). */
export function loadCharts() {
  if (!library) library = import('./vendor/echarts.esm.min.js');
  return library;
}

function dark() {
  return document.documentElement.dataset.theme === 'dark';
}

/**
 * Draws option into el; description is what a screen reader hears (the data in words). Returns
 * {update(option, description), dispose()}: call dispose in the page's cleanup.
 */
export async function chart(el, option, description) {
  const echarts = await loadCharts();
  el.setAttribute('role', 'img');
  let instance = null;
  let current = option;
  let currentDescription = description;
  const draw = () => {
    if (instance) instance.dispose();
    instance = echarts.init(el, dark() ? 'dark' : null, {renderer: 'canvas'});
    instance.setOption(withDefaults(current, currentDescription));
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
      instance.setOption(withDefaults(current, currentDescription), true);
    },
    dispose() {
      resize.disconnect();
      window.removeEventListener('vigil:theme', retheme);
      if (instance) instance.dispose();
      instance = null;
    },
  };
}

/** The series colours of the theme in force (style.css, --chart-1 to --chart-6). */
function palette() {
  const css = getComputedStyle(document.documentElement);
  return [1, 2, 3, 4, 5, 6].map(i => css.getPropertyValue(`--chart-${i}`).trim()).filter(Boolean);
}

function withDefaults(option, description) {
  return {
    backgroundColor: 'transparent',
    color: palette(),
    animationDuration: 300,
    textStyle: {fontFamily: 'system-ui, sans-serif'},
    ...option,
    tooltip: option.tooltip ? {renderMode: 'richText', confine: true, ...option.tooltip} : undefined,
    aria: {enabled: true, label: {description}},
  };
}
