// A province for a year: every index, its rank over the years, its components against the national mean,
// and, for a province formed in 2025, its predecessors side by side.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, named, number } from '../i18n.js';
import { indexCard, byIndexOrder, INDEX_ORDER } from '../cards.js';
import { figure, rankChart } from '../charts.js';
import { link, yearPicker } from '../layout.js';

const FIRST_YEAR = 2006;

export async function provincePage(code, askedYear) {
  const [history, catalogue] = await Promise.all([api.series(code), api.indices()]);
  const years = history.series.flatMap((s) => s.points.map((p) => p.year));
  const year = askedYear ?? (years.length ? Math.max(...years) : api.FALLBACK_YEAR);
  const [province, card] = await Promise.all([api.province(code, year), api.scorecard(code, year)]);
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const lastYear = Math.max(new Date().getFullYear(), year, ...years);
  const choices = [];
  for (let y = lastYear; y >= FIRST_YEAR; y--) choices.push(y);

  const formed = province.predecessors.filter((p) => p.kind === 'mergedInto' || p.kind === 'merged');
  // Before the merger a province's page shows its own series; a province formed in 2025 shows its predecessors'.
  const lines = history.series.filter((s) => (formed.length ? true : s.unit.code === province.code));
  const title = province.fullName || province.name;
  document.title = `${title} ${year} · IndexHub`;

  const content = [
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, title, ' ', h('span', { class: 'year' }, String(year))),
      h('p', { class: 'meta' }, province.region ? named(province.region) : null, province.code ? ` · ${province.code}` : null),
      province.successors.map((s) => h('p', { class: 'meta' }, t('successor', s.name, s.effective), ' — ', link(`/provinces/${encodeURIComponent(s.code)}?year=${s.effective?.slice(0, 4) ?? ''}`, s.name))),
      yearPicker(choices, year),
    ),
  ];

  const entries = [...card.indices].sort((a, b) => byIndexOrder(a.index, b.index));
  content.push(
    h(
      'section',
      { 'aria-labelledby': 'indices-h' },
      h('h2', { id: 'indices-h' }, t('indexList')),
      entries.length ? h('div', { class: 'cards' }, entries.map((e) => indexCard(e, byCode.get(e.index)))) : h('p', { class: 'empty' }, t('noIndices', year)),
    ),
  );

  const targets = entries.flatMap((e) => e.targets || []);
  if (targets.length) content.push(targetsSection(targets, year));

  if (formed.length) content.push(predecessorsSection(province, formed, history, byCode));

  const indicesWithLines = INDEX_ORDER.filter((i) => lines.some((l) => l.index === i && l.points.some((p) => p.rank !== null)));
  if (indicesWithLines.length) {
    content.push(
      h(
        'section',
        { 'aria-labelledby': 'ranks-h' },
        h('h2', { id: 'ranks-h' }, t('rankOverYears')),
        h(
          'div',
          { class: 'charts' },
          indicesWithLines.map((index) => {
            const own = lines.filter((l) => l.index === index);
            const chartLines = own.map((l) => ({ label: l.unit.name, points: l.points.filter((p) => p.rank !== null) }));
            const maxRank = Math.max(...own.flatMap((l) => l.points.map((p) => p.cohortSize ?? p.rank ?? 0)));
            const table = h(
              'table',
              null,
              h('caption', null, `${index}: ${t('rank')}`),
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('year')), own.map((l) => h('th', { scope: 'col' }, l.unit.name)))),
              h(
                'tbody',
                null,
                [...new Set(own.flatMap((l) => l.points.map((p) => p.year)))]
                  .sort((a, b) => a - b)
                  .map((y) => h('tr', null, h('th', { scope: 'row' }, String(y)), own.map((l) => h('td', null, l.points.find((p) => p.year === y)?.rankLabel ?? '–')))),
              ),
            );
            const { fig, plot } = figure(`${index}`, t('rankChartLabel', index, own.map((l) => l.unit.name).join(', ')), table);
            fig.dataset.index = index;
            rankChart(plot, chartLines, maxRank);
            return fig;
          }),
        ),
      ),
    );
  }

  const withMeans = entries.filter((e) => e.components.some((c) => c.nationalMean !== null && c.nationalMean !== undefined));
  if (withMeans.length) {
    content.push(
      h(
        'section',
        { 'aria-labelledby': 'components-h' },
        h('h2', { id: 'components-h' }, t('componentsVsMean')),
        withMeans.map((e) =>
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'components', dataset: { index: e.index } },
              h('caption', null, `${e.index} ${year}`),
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('component')), h('th', { scope: 'col', class: 'num' }, t('score')), h('th', { scope: 'col', class: 'num' }, t('nationalMean')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('nationalMean'))))),
              h(
                'tbody',
                null,
                e.components
                  .filter((c) => c.nationalMean !== null && c.nationalMean !== undefined)
                  .map((c) =>
                    h(
                      'tr',
                      null,
                      h('th', { scope: 'row' }, named(c)),
                      h('td', { class: 'num' }, number(c.score, 2)),
                      h('td', { class: 'num' }, number(c.nationalMean, 2), h('span', { class: 'basis' }, ` (${c.basis === 'published' ? t('published') : t('computed')})`)),
                      h('td', { class: c.above ? 'above' : 'below' }, h('span', { 'aria-hidden': 'true' }, c.above ? '▲ ' : '▼ '), c.above ? t('aboveMean') : t('belowMean')),
                    ),
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

/** The goals the province set for the year, who leads each, and how each stands (the API's evaluation beside the source's). */
function targetsSection(targets, year) {
  return h(
    'section',
    { 'aria-labelledby': 'targets-h', class: 'targets' },
    h('h2', { id: 'targets-h' }, t('targets')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'targets' },
        h('caption', null, `${t('targets')} ${year}`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('targetGoal')), h('th', { scope: 'col' }, t('ledBy')), h('th', { scope: 'col' }, t('targetStatus')))),
        h(
          'tbody',
          null,
          targets.map((x) =>
            h(
              'tr',
              { dataset: { target: String(x.id), status: x.status || '' } },
              h('th', { scope: 'row' }, `${x.index}${x.componentLabel ? ` · ${x.componentLabel}` : ''}: ${t('targetText', x)}`, h('p', { class: 'meta' }, t('setBy', x.setBy), ' · ', x.source.url ? h('a', { href: x.source.url, rel: 'noopener' }, x.source.title) : x.source.title, x.source.date ? ` (${x.source.date})` : null), h('p', { class: 'meta' }, h('q', null, x.source.quote))),
              h('td', null, x.owner),
              h(
                'td',
                { class: `status ${x.status || ''}` },
                h('strong', null, t('statusLabel', x.status)),
                x.explanation ? h('p', { class: 'meta' }, x.explanation) : null,
                x.derived ? h('p', { class: 'meta derived' }, `${t('derivedNote')}: ${x.derivation || ''}`) : null,
                x.evaluationInSource ? h('p', { class: 'meta' }, `${t('sourceSays')}: ${x.evaluationInSource}`) : null,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The provinces this one was formed from, each with its latest published figure per index, side by side. */
function predecessorsSection(province, formed, history, byCode) {
  const indices = INDEX_ORDER.filter((i) => history.series.some((s) => s.index === i));
  const latest = (unitCode, index) => {
    const s = history.series.find((x) => x.unit.code === unitCode && x.index === index);
    const points = s ? s.points.filter((p) => p.rank !== null || p.score !== null) : [];
    return points.length ? points[points.length - 1] : null;
  };
  const effective = formed[0].effective;
  return h(
    'section',
    { 'aria-labelledby': 'predecessors-h', class: 'predecessors' },
    h('h2', { id: 'predecessors-h' }, t('predecessors')),
    h(
      'p',
      null,
      t('formedFrom', effective),
      ': ',
      formed.map((p, i) => [i > 0 ? ', ' : null, link(`/provinces/${encodeURIComponent(p.code)}?year=${Number(effective.slice(0, 4)) - 1}`, p.name, { class: 'predecessor' })]),
      formed[0].legalBasis ? ` (${formed[0].legalBasis})` : null,
    ),
    h('p', { class: 'note' }, t('predecessorsNote')),
    indices.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'side-by-side' },
            h('caption', null, `${t('latest')}: ${t('rank')} (${t('year')})`),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('index')), formed.map((p) => h('th', { scope: 'col' }, p.name)))),
            h(
              'tbody',
              null,
              indices.map((index) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, h('abbr', { title: byCode.get(index) ? named(byCode.get(index)) : index }, index)),
                  formed.map((p) => {
                    const point = latest(p.code, index);
                    return h('td', null, point ? [point.rankLabel ?? number(point.score), ` (${point.year})`] : '–');
                  }),
                ),
              ),
            ),
          ),
        )
      : null,
  );
}
