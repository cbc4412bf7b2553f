// Up to the compare limit of provinces across one index's components, with the national mean and the best per row.
import * as api from '../api.js';
import { h, sourceNode } from '../dom.js';
import { t, named, number, currentLang } from '../i18n.js';
import { figure, compareChart } from '../charts.js';
import { link, withParams } from '../layout.js';

const DEFAULT_UNITS = ['79', '01', '92'];

export async function comparePage(search, askedYear) {
  const code = (search.get('index') || 'PAPI').toUpperCase();
  const units = (search.get('units') || DEFAULT_UNITS.join(','))
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .slice(0, api.COMPARE_LIMIT);
  const [catalogue, years] = await Promise.all([api.indices(), api.indexYears(code)]);
  const yearList = [...new Set(years.map((y) => y.year))].sort((a, b) => b - a);
  const year = askedYear ?? yearList[0];
  const [result, provinceList] = await Promise.all([api.compare(code, year, units), api.provinces(year)]);
  document.title = `${t('compareTitle')} · ${code} ${year} · IndexHub`;
  const go = (changes) => location.assign(withParams(changes));

  const form = h(
    'div',
    { class: 'toolbar' },
    h(
      'div',
      { class: 'control' },
      h('label', { for: 'index' }, t('index')),
      h('select', { id: 'index', onchange: (e) => go({ index: e.target.value, year: null }) }, catalogue.filter((i) => i.provincial).map((i) => h('option', { value: i.code, selected: i.code === code }, i.code))),
    ),
    h('div', { class: 'control' }, h('label', { for: 'year' }, t('year')), h('select', { id: 'year', onchange: (e) => go({ year: e.target.value }) }, yearList.map((y) => h('option', { value: y, selected: y === year }, String(y))))),
    units.length < api.COMPARE_LIMIT
      ? h(
          'div',
          { class: 'control' },
          h('label', { for: 'add-unit' }, t('add')),
          h(
            'select',
            { id: 'add-unit', onchange: (e) => e.target.value && go({ units: [...units, e.target.value].join(',') }) },
            h('option', { value: '' }, t('pickProvince')),
            provinceList.filter((p) => !units.includes(p.code)).map((p) => h('option', { value: p.code }, p.name)),
          ),
        )
      : null,
  );

  const unitName = new Map(result.units.map((u) => [u.unit.code, u.unit.name]));
  const chips = h(
    'ul',
    { class: 'chips', 'aria-label': t('compareHelp', api.COMPARE_LIMIT) },
    units.map((u) =>
      h(
        'li',
        null,
        link(`/provinces/${encodeURIComponent(u)}?year=${year}`, unitName.get(u) ?? u),
        units.length > 1 ? h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('remove', unitName.get(u) ?? u), onclick: () => go({ units: units.filter((x) => x !== u).join(',') }) }, '×') : null,
      ),
    ),
  );

  const shown = result.units.map((u) => u.unit.code);
  const table = h(
    'table',
    { class: 'compare' },
    h('caption', null, `${code} ${year}`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('component')), shown.map((u) => h('th', { scope: 'col', class: 'num' }, unitName.get(u))), h('th', { scope: 'col', class: 'num' }, t('nationalMean')))),
    h(
      'tbody',
      null,
      result.rows.map((row) =>
        h(
          'tr',
          { dataset: { component: row.code } },
          h('th', { scope: 'row' }, named(row)),
          shown.map((u) => {
            const v = row.values.get(u);
            const best = row.best.includes(u);
            return h('td', { class: ['num', best && 'best'] }, v && v.score !== null ? number(v.score, 2) : '–', best ? h('span', { class: 'best-mark' }, ` ★ ${t('best')}`) : null);
          }),
          h('td', { class: 'num mean' }, row.nationalMean ? [number(row.nationalMean.value, 2), h('span', { class: 'basis' }, ` (${row.nationalMean.basis === 'published' ? t('published') : t('computed')})`), row.nationalMean.source ? [' ', sourceNode(row.nationalMean.source, '↗')] : null] : '–'),
        ),
      ),
    ),
  );

  // The chart leaves the total out: on its own scale it would flatten the components.
  const componentRows = result.rows.filter((r) => r.code !== 'total');
  const content = [
    h('div', { class: 'page-head' }, h('h1', null, t('compareTitle'), ' ', h('span', { class: 'year' }, `${code} ${year}`)), h('p', { class: 'meta' }, t('compareHelp', api.COMPARE_LIMIT)), form, chips),
    h('section', { 'aria-labelledby': 'compare-h' }, h('h2', { id: 'compare-h' }, currentLang() === 'en' ? 'Side by side' : 'Đặt cạnh nhau'), h('div', { class: 'table-wrap' }, table)),
  ];
  if (componentRows.length) {
    const labels = componentRows.map((r) => named(r));
    const { fig, plot } = figure(t('componentsVsMean'), t('compareChartLabel', code), h('ol', null, labels.map((l) => h('li', null, l))));
    compareChart(
      plot,
      labels,
      shown.map((u) => ({ label: unitName.get(u), values: componentRows.map((r) => r.values.get(u)?.score ?? null) })),
      componentRows.map((r) => r.nationalMean?.value ?? null),
    );
    content.push(h('section', { 'aria-labelledby': 'compare-chart-h' }, h('h2', { id: 'compare-chart-h' }, t('componentsVsMean')), fig));
  }
  return content;
}
