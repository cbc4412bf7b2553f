// DOM built from nodes and textContent only: no text from the API ever passes through an HTML parser.

/**
 * h('a', { href, class: 'x', onclick }, 'text', child): attributes are set with setAttribute (never style),
 * functions become listeners, strings and numbers become text nodes.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      } else if (key === 'dataset') {
        for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
      } else if (key === 'style') {
        throw new Error('no inline styles: use a class');
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A source as a real link where it has a web address, its citation as text otherwise. */
export function sourceNode(source, label) {
  if (!source) return null;
  if (source.href) {
    return h('a', { href: source.href, title: source.href, rel: 'noopener noreferrer external', target: '_blank', class: 'source' }, label ?? source.text);
  }
  return h('cite', { class: 'source' }, source.text);
}

/** A visually hidden text for screen readers (a class, not an inline style). */
export const srOnly = (text) => h('span', { class: 'sr-only' }, text);
