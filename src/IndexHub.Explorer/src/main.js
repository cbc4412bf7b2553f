// The explorer's entry: one script for every page, routed by the address the service answered.
import './styles.css';
import { frame, params } from './layout.js';
import { homePage } from './pages/home.js';
import { provincePage } from './pages/province.js';
import { indexPage } from './pages/index.js';
import { comparePage } from './pages/compare.js';

const path = location.pathname.replace(/\/+$/, '');
const province = path.match(/^\/provinces\/([^/]+)$/);
const index = path.match(/^\/indices\/([^/]+)$/);
const year = (() => {
  const y = Number.parseInt(params().get('year') ?? '', 10);
  return Number.isFinite(y) ? y : null;
})();

if (province) frame(() => provincePage(decodeURIComponent(province[1]), year));
else if (index) frame(() => indexPage(decodeURIComponent(index[1]).toUpperCase(), year));
else if (path === '/compare') frame(() => comparePage(params(), year));
else frame(() => homePage());
