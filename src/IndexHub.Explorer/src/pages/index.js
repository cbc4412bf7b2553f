// An index's ranking table for a year: sortable, filtered by region, partial tables labelled; a chart of the
// scores, the regions' means and the CSV.
import * as api from '../api.js';
import { h, clear, sourceNode } from '../dom.js';
import { t, named, number } from '../i18n.js';
import { placesNode, statusNode } from '../cards.js';
import { figure, barChart } from '../charts.js';
import { link, yearPicker, withParams, params } from '../layout.js';

export async function indexPage(code, askedYear) {
  const [catalogue, years, regionList] = await Promise.all([api.indices(), api.indexYears(code), api.regions()]);
  const index = catalogue.find((i) => i.code === code);
  const yearList = [...new Set(years.map((y) => y.year))].sort((a, b) => b - a);
  const year = askedYear ?? yearList[0];
  const [table, means] = await Promise.all([api.ranking(code, year), yearList.length ? api.regionalMeans(code, year).catch(() => []) : []]);
  const regionName = new Map(regionList.map((r) => [r.code, named(r)]));
  const name = index ? named(index) : code;
  document.title = `${code} ${year} · IndexHub`;

  const content = [
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, h('abbr', { title: name }, code), ' ', h('span', { class: 'index-name' }, name), ' ', h('span', { class: 'year' }, String(year))),
      index ? h('p', { class: 'meta' }, index.publisher) : null,
      h('nav', { class: 'index-tabs', 'aria-label': t('indicesNav') }, h('ul', null, catalogue.filter((i) => i.code !== 'DDCI').map((i) => h('li', null, link(`/indices/${i.code}`, i.code, i.code === code ? { 'aria-current': 'page' } : {}))))),
      yearList.length ? yearPicker(yearList, year) : null,
    ),
  ];

  const cohort = table.cohort;
  const partial = !cohort.complete;
  const state = { sort: params().get('sort') || 'rank', desc: params().get('order') === 'desc', region: params().get('region') || '' };
  const body = h('tbody');
  const headRow = h('tr');
  const columns = [
    { key: 'rank', label: t('rank'), num: true, value: (r) => r.rank },
    { key: 'name', label: t('province'), value: (r) => r.unit.name },
    { key: 'region', label: t('region'), value: (r) => regionName.get(r.unit.region) ?? '' },
    { key: 'score', label: t('score'), num: true, value: (r) => r.score },
    { key: 'change', label: t('change'), num: true, value: (r) => r.change?.places ?? null },
    { key: 'tier', label: t('tier'), value: (r) => r.tier ?? '' },
  ];
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });

  const renderRows = () => {
    const column = columns.find((c) => c.key === state.sort) ?? columns[0];
    const rows = table.rows
      .filter((r) => !state.region || r.unit.region === state.region)
      .sort((a, b) => {
        const x = column.value(a);
        const y = column.value(b);
        // Absent values last whichever way.
        if (x === null || x === '') return 1;
        if (y === null || y === '') return -1;
        const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'vi');
        return state.desc ? -order : order;
      });
    clear(body).append(
      ...(rows.length
        ? rows.map((r) =>
            h(
              'tr',
              { dataset: { unit: r.unit.code } },
              h('td', { class: 'num' }, r.rankLabel ?? '–'),
              h('th', { scope: 'row' }, link(`/provinces/${encodeURIComponent(r.unit.code)}?year=${year}`, r.unit.name)),
              h('td', null, regionName.get(r.unit.region) ?? ''),
              h('td', { class: 'num' }, r.score !== null ? number(r.score, 4) : statusNode(r.status, { brief: true })),
              h('td', null, r.change ? placesNode(r.change.places) : ''),
              h('td', null, r.tier ?? ''),
              h('td', { class: 'row-sources' }, r.sources.map((x, i) => [i > 0 ? '; ' : null, sourceNode(x.source)])),
            ),
          )
        : [h('tr', null, h('td', { colspan: columns.length + 1 }, t('noRows')))]),
    );
    clear(headRow).append(
      ...columns.map((c) =>
        h(
          'th',
          { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': c.key === state.sort ? (state.desc ? 'descending' : 'ascending') : null },
          h(
            'button',
            {
              type: 'button',
              class: 'sort',
              onclick: () => {
                state.desc = state.sort === c.key ? !state.desc : false;
                state.sort = c.key;
                history.replaceState(null, '', withParams({ sort: state.sort === 'rank' ? null : state.sort, order: state.desc ? 'desc' : null }));
                renderRows();
                status.textContent = `${t('sortBy', c.label)} ${state.desc ? '↓' : '↑'}`;
              },
            },
            c.label,
            h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, c.key === state.sort ? (state.desc ? ' ▼' : ' ▲') : ' ⇅'),
          ),
        ),
      ),
      h('th', { scope: 'col' }, t('source')),
    );
  };
  renderRows();

  const regionSelect = h(
    'select',
    {
      id: 'region',
      onchange: (e) => {
        state.region = e.target.value;
        history.replaceState(null, '', withParams({ region: state.region || null }));
        renderRows();
      },
    },
    h('option', { value: '' }, t('allRegions')),
    regionList.map((r) => h('option', { value: r.code, selected: r.code === state.region }, named(r))),
  );

  content.push(
    h(
      'section',
      { 'aria-labelledby': 'ranking-h' },
      h('h2', { id: 'ranking-h' }, t('ranking')),
      h(
        'div',
        { class: 'toolbar' },
        h('div', { class: 'control' }, h('label', { for: 'region' }, t('region')), regionSelect),
        h('a', { class: 'button', href: api.rankingCsvUrl(code, year), download: `${code}-${year}.csv` }, t('downloadCsv')),
        h('span', { class: ['badge', partial ? 'partial' : 'complete'], dataset: { partial } }, partial ? t('partial', cohort.rowsHeld, cohort.size) : t('complete', cohort.size)),
      ),
      partial ? h('p', { class: 'note' }, t('partialNote')) : null,
      status,
      h('div', { class: 'table-wrap' }, h('table', { class: 'ranking' }, h('caption', null, `${code} ${year}${cohort.name ? ` · ${cohort.name}` : ''}`), h('thead', null, headRow), body)),
    ),
  );

  const scored = table.rows.filter((r) => r.score !== null).sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999));
  if (scored.length) {
    const dataTable = h(
      'table',
      null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('rank')), h('th', { scope: 'col' }, t('province')), h('th', { scope: 'col' }, t('score')))),
      h('tbody', null, scored.map((r) => h('tr', null, h('td', null, r.rankLabel ?? ''), h('th', { scope: 'row' }, r.unit.name), h('td', null, number(r.score, 4))))),
    );
    const { fig, plot } = figure(t('scoresChart'), t('scoresChartLabel', code, year), dataTable);
    barChart(
      plot,
      scored.map((r) => ({ label: r.unit.name, value: r.score })),
      t('score'),
    );
    content.push(h('section', { 'aria-labelledby': 'scores-h' }, h('h2', { id: 'scores-h' }, t('scoresChart')), fig));
  }

  const stats = table.statistics;
  content.push(
    h(
      'section',
      { 'aria-labelledby': 'stats-h' },
      h('h2', { id: 'stats-h' }, t('statistics')),
      stats.published.map((s) => h('p', null, `${s.scope === 'national' ? t('nationalMean') : s.scope === 'region' ? regionName.get(s.region) ?? s.region : t('cohortFigure')} (${s.metric ?? ''}, ${t('published')}): ${number(s.value, 4)} `, sourceNode(s.source))),
      stats.computed ? h('p', null, `${t('mean')} (${t('computed')}): ${number(stats.computed.mean, 4)} · median ${number(stats.computed.median, 4)} · n = ${stats.computed.count}`) : null,
      stats.computedNote ? h('p', { class: 'note' }, stats.computedNote) : null,
    ),
  );

  if (means.length) {
    content.push(
      h(
        'section',
        { 'aria-labelledby': 'regions-h' },
        h('h2', { id: 'regions-h' }, t('regionalMeans')),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'regions' },
            h('caption', null, `${code} ${year}`),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('rank')), h('th', { scope: 'col' }, t('region')), h('th', { scope: 'col', class: 'num' }, t('mean')), h('th', { scope: 'col' }, t('source')))),
            h(
              'tbody',
              null,
              means.map((m) =>
                h(
                  'tr',
                  null,
                  h('td', { class: 'num' }, m.rank !== null ? `${m.rank}${m.tied ? '=' : ''}` : '–'),
                  h('th', { scope: 'row' }, named(m)),
                  h('td', { class: 'num' }, number(m.mean, 2), h('span', { class: 'basis' }, ` (${m.basis === 'published' ? t('published') : t('computed')})`)),
                  h('td', null, sourceNode(m.source)),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  return content;
}
