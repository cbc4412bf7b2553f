// The embeddable scorecard: /embed/provinces/{code}?year=&lang=, meant for an iframe on a provincial portal.
import './embed.css';
import * as api from './api.js';
import { h, clear } from './dom.js';
import { t, currentLang } from './i18n.js';
import { indexCard, byIndexOrder } from './cards.js';

async function main() {
  const root = document.getElementById('app');
  const code = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop());
  const asked = Number.parseInt(new URLSearchParams(location.search).get('year') ?? '', 10);
  document.documentElement.lang = currentLang();
  try {
    const [history, catalogue] = await Promise.all([api.series(code), api.indices()]);
    const years = history.series.flatMap((s) => s.points.map((p) => p.year));
    const year = Number.isFinite(asked) ? asked : years.length ? Math.max(...years) : api.FALLBACK_YEAR;
    const [province, card] = await Promise.all([api.province(code, year), api.scorecard(code, year)]);
    const byCode = new Map(catalogue.map((i) => [i.code, i]));
    const full = `/provinces/${encodeURIComponent(code)}?year=${year}${currentLang() === 'en' ? '&lang=en' : ''}`;
    clear(root).append(
      h(
        'main',
        { class: 'embed' },
        h('h1', null, province.fullName || province.name, ' ', h('span', { class: 'year' }, String(year))),
        card.indices.length
          ? h('div', { class: 'cards' }, [...card.indices].sort((a, b) => byIndexOrder(a.index, b.index)).map((e) => indexCard(e, byCode.get(e.index), { compact: true, heading: 'h2' })))
          : h('p', null, t('noIndices', year)),
        h('p', { class: 'more' }, h('a', { href: full, target: '_blank', rel: 'noopener' }, t('openFull'))),
      ),
    );
    document.body.dataset.ready = 'true';
  } catch (error) {
    clear(root).append(h('p', { role: 'alert' }, `${t('error')}: ${error?.message ?? error}`));
    document.body.dataset.ready = 'error';
  }
}

main();
