// A province's indices for a year as cards: shared by the province page and the embeddable scorecard.
import { h, sourceNode, srOnly } from './dom.js';
import { t, statusWords, number, signed, currentLang } from './i18n.js';

export const INDEX_ORDER = ['PAR', 'SIPAS', 'PCI', 'PAPI', 'DTI', 'DDCI'];

export const byIndexOrder = (a, b) => INDEX_ORDER.indexOf(a) - INDEX_ORDER.indexOf(b);

/** "▲ up 25 places on 2021" as nodes; the arrow is decoration, the words say it. */
export function placesNode(places, comparedTo) {
  if (places === null || places === undefined) return null;
  const direction = places > 0 ? 'up' : places < 0 ? 'down' : 'same';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '●';
  const words = direction === 'same' ? t('same') : t(direction, Math.abs(places));
  return h(
    'span',
    { class: ['places', `places-${direction}`], dataset: { places, direction } },
    h('span', { class: 'arrow', 'aria-hidden': 'true' }, arrow),
    ' ',
    words,
    comparedTo ? ` ${t('onYear', comparedTo)}` : null,
  );
}

/** A published statement in words: "PCI: down 7 places on 2021, as published", with its source. */
export function statementNode(s) {
  let text;
  if (currentLang() === 'en' && s.text) {
    text = `${s.index}: ${s.text}, ${t('asPublished')}`;
  } else if (s.places !== null && s.places !== undefined) {
    const words = s.places === 0 ? t('same') : t(s.places > 0 ? 'up' : 'down', Math.abs(s.places));
    text = `${s.index}: ${words}${s.comparedToYear ? ` ${t('onYear', s.comparedToYear)}` : ''}, ${t('asPublished')}`;
  } else {
    text = `${s.index}: ${s.text}, ${t('asPublished')}`;
  }
  return h('p', { class: 'statement', dataset: { index: s.index } }, h('span', { class: 'statement-text' }, text), s.source ? [' — ', sourceNode(s.source)] : null);
}

/** A status in words; with why, or (brief, in tables and the widget) with why as the element's title. */
export function statusNode(status, { brief = false } = {}) {
  if (!status || status === 'published') return null;
  const { word, why } = statusWords(status);
  return h('span', { class: 'status', dataset: { status }, title: brief && why ? why : null }, word, why && !brief ? h('span', { class: 'why' }, ` (${why})`) : null);
}

/** One index's card. entry: a scorecard index (api.scorecard); catalogue: the index's names and scale. */
export function indexCard(entry, catalogue, { compact = false, heading = 'h3' } = {}) {
  const r = entry.result;
  const name = catalogue ? (currentLang() === 'en' ? catalogue.nameEn : catalogue.nameVi) : entry.indexName;
  const scale = catalogue?.scale;
  const rankLabel = r?.rankLabel ?? null;
  const stated = entry.statements.length > 0 ? entry.statements : [];
  return h(
    'article',
    { class: ['card', compact && 'compact'], dataset: { index: entry.index, rankLabel: rankLabel ?? '' }, 'aria-labelledby': `card-${entry.index}` },
    h(heading, { id: `card-${entry.index}`, class: 'card-title' }, h('abbr', { title: name }, entry.index), h('span', { class: 'index-name' }, ` ${name}`)),
    h(
      'dl',
      { class: 'figures' },
      h('div', { class: 'figure-rank' }, h('dt', null, t('rank')), h('dd', { class: 'rank' }, rankLabel ?? '–', r?.rankBasis && !compact ? h('span', { class: 'basis' }, ` (${r.rankBasis === 'published' ? t('published') : t('computed')})`) : null)),
      h(
        'div',
        { class: 'figure-score' },
        h('dt', null, t('score')),
        h('dd', { class: 'score' }, !r ? h('span', { class: 'no-result' }, t('noResult')) : r.score !== null ? [number(r.score, 2), scale?.unit === 'percent' ? ' %' : ''] : statusNode(r.status, { brief: compact }) ?? '–'),
      ),
      h(
        'div',
        { class: 'figure-change' },
        h('dt', null, t('change')),
        h(
          'dd',
          { class: 'change' },
          entry.placesChange !== null && entry.placesChange !== undefined
            ? [placesNode(entry.placesChange, r?.change?.previousYear ?? stated[0]?.comparedToYear), entry.statedOnly ? h('span', { class: 'basis' }, ` (${t('asPublished')})`) : null]
            : '–',
          r?.change?.score !== null && r?.change?.score !== undefined ? h('span', { class: 'score-change' }, ` (${signed(r.change.score)} ${t('pointsChange')})`) : null,
          r?.change && !r.change.comparable ? h('span', { class: 'not-comparable' }, ` — ${t('notComparable')}${r.change.reason && !compact ? `: ${r.change.reason}` : ''}`) : null,
        ),
      ),
      r?.tier ? h('div', { class: 'figure-tier' }, h('dt', null, t('tier')), h('dd', { class: 'tier' }, r.tier)) : null,
    ),
    // The widget shows a statement only where it is all that is known; the page shows every one.
    (compact && r ? [] : stated).map(statementNode),
    !compact && r && r.sources.length
      ? h(
          'p',
          { class: 'sources' },
          `${t('sources')}: `,
          r.sources.map((s, i) => [i > 0 ? '; ' : null, sourceNode(s.source), s.note ? h('span', { class: 'note' }, ` (${s.note})`) : null]),
          r.conflict ? srOnly(' conflict') : null,
        )
      : null,
  );
}
