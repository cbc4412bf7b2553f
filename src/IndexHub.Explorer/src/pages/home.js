// The front page: pick a province and a year, or open an index.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, named } from '../i18n.js';
import { link } from '../layout.js';

export async function homePage() {
  const [catalogue, list] = await Promise.all([api.indices(), api.provinces(api.FALLBACK_YEAR)]);
  document.title = 'IndexHub Explorer';
  const select = h('select', { id: 'province', name: 'province' }, list.map((p) => h('option', { value: p.code, selected: p.code === '92' }, p.name)));
  const year = h('input', { id: 'home-year', name: 'year', type: 'number', min: '2006', max: '2100', value: String(api.FALLBACK_YEAR), inputmode: 'numeric' });
  const form = h(
    'form',
    {
      class: 'toolbar',
      onsubmit: (e) => {
        e.preventDefault();
        location.assign(`/provinces/${encodeURIComponent(select.value)}?year=${encodeURIComponent(year.value)}${document.documentElement.lang === 'en' ? '&lang=en' : ''}`);
      },
    },
    h('div', { class: 'control' }, h('label', { for: 'province' }, t('province')), select),
    h('div', { class: 'control' }, h('label', { for: 'home-year' }, t('year')), year),
    h('button', { type: 'submit', class: 'button' }, t('show')),
  );
  return [
    h('div', { class: 'page-head' }, h('h1', null, t('title')), h('p', { class: 'meta' }, t('tagline'))),
    h('section', { 'aria-labelledby': 'pick-h' }, h('h2', { id: 'pick-h' }, t('pickProvince')), form),
    h(
      'section',
      { 'aria-labelledby': 'indices-h' },
      h('h2', { id: 'indices-h' }, t('indexList')),
      h(
        'ul',
        { class: 'index-list' },
        catalogue.map((i) => h('li', null, i.code === 'DDCI' ? h('strong', null, i.code) : link(`/indices/${i.code}`, i.code), ` — ${named(i)}`, h('span', { class: 'meta' }, ` (${i.publisher})`))),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'examples-h' },
      h('h2', { id: 'examples-h' }, t('examples')),
      h(
        'ul',
        null,
        h('li', null, link('/provinces/92?year=2022', 'Cần Thơ 2022')),
        h('li', null, link('/provinces/92?year=2026', 'Cần Thơ 2026')),
        h('li', null, link('/indices/PAR?year=2023', 'PAR 2023')),
        h('li', null, link('/indices/PAPI?year=2023', 'PAPI 2023')),
        h('li', null, link('/compare?index=PAPI&year=2023&units=79,01,92', `${t('compareNav')}: PAPI 2023`)),
      ),
      h('p', { class: 'note' }, t('embedHelp')),
    ),
  ];
}
