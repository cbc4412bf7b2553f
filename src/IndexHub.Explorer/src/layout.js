// The frame around every page: skip link, header with navigation and the language switch, main, footer.
import { h, clear } from './dom.js';
import { t, currentLang, setLang } from './i18n.js';
import { ApiError } from './api.js';

export function params() {
  return new URLSearchParams(location.search);
}

/** The current address with some query parameters changed (null removes one). */
export function withParams(changes, path = location.pathname) {
  const search = params();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') search.delete(key);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** A link inside the explorer that keeps the language. */
export function link(path, text, attrs = {}) {
  const lang = currentLang();
  const href = lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
  return h('a', { href, ...attrs }, text);
}

export function frame(render) {
  const root = document.getElementById('app');
  const draw = async () => {
    document.documentElement.lang = currentLang();
    delete document.body.dataset.ready;
    const main = h('main', { id: 'main', tabindex: '-1' }, h('p', { class: 'loading', role: 'status' }, t('loading')));
    clear(root).append(
      h('a', { class: 'skip', href: '#main' }, currentLang() === 'en' ? 'Skip to content' : 'Bỏ qua, tới nội dung'),
      h(
        'header',
        { class: 'site' },
        link('/', t('title'), { class: 'brand' }),
        h(
          'nav',
          { 'aria-label': currentLang() === 'en' ? 'Main' : 'Chính' },
          h('ul', null, h('li', null, link('/', t('home'))), h('li', null, link('/indices/PAR', t('indicesNav'))), h('li', null, link('/compare', t('compareNav'))), h('li', null, h('a', { href: '/swagger' }, t('api')))),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'lang',
            lang: currentLang() === 'en' ? 'vi' : 'en',
            'aria-label': t('switchLangLabel'),
            onclick: () => {
              setLang(currentLang() === 'en' ? 'vi' : 'en');
              history.replaceState(null, '', withParams({ lang: currentLang() === 'en' ? 'en' : null }));
              draw();
            },
          },
          t('switchLang'),
        ),
      ),
      main,
      h('footer', { class: 'site' }, h('p', null, t('tagline'), ' · ', h('a', { href: '/swagger' }, 'API'), ' · ', h('a', { href: '/api/v1/indices' }, 'JSON'))),
    );
    try {
      const content = await render();
      clear(main).append(...content);
      document.body.dataset.ready = 'true';
    } catch (error) {
      clear(main).append(errorNode(error));
      document.body.dataset.ready = 'error';
    }
  };
  draw();
}

export function errorNode(error) {
  const notFound = error instanceof ApiError && error.status === 404;
  return h('div', { class: 'error', role: 'alert' }, h('h1', null, notFound ? t('notFound') : t('error')), h('p', null, error instanceof ApiError ? error.message : String(error?.message ?? error)));
}

/** A select of years that navigates to the same page for the chosen year. */
export function yearPicker(years, selected, id = 'year') {
  const select = h(
    'select',
    {
      id,
      name: 'year',
      onchange: (e) => location.assign(withParams({ year: e.target.value })),
    },
    years.map((y) => h('option', { value: y, selected: y === selected }, String(y))),
  );
  return h('div', { class: 'control' }, h('label', { for: id }, t('year')), select);
}
