// Vietnamese first, English on request; the choice is kept in the URL (?lang=en) and in localStorage.

const strings = {
  vi: {
    title: 'IndexHub Explorer',
    tagline: 'Chỉ số quản trị và hành chính công của Việt Nam',
    home: 'Trang chủ',
    provinces: 'Tỉnh, thành phố',
    indicesNav: 'Chỉ số',
    compareNav: 'So sánh',
    api: 'API (Swagger)',
    switchLang: 'English',
    switchLangLabel: 'Switch to English',
    year: 'Năm',
    province: 'Tỉnh/thành phố',
    index: 'Chỉ số',
    show: 'Xem',
    loading: 'Đang tải…',
    error: 'Không tải được dữ liệu',
    notFound: 'Không tìm thấy',
    score: 'Điểm',
    rank: 'Xếp hạng',
    change: 'Thay đổi',
    tier: 'Nhóm',
    status: 'Trạng thái',
    source: 'Nguồn',
    sources: 'Nguồn',
    region: 'Vùng',
    allRegions: 'Tất cả các vùng',
    component: 'Thành phần',
    nationalMean: 'Trung bình cả nước',
    aboveMean: 'trên trung bình',
    belowMean: 'dưới trung bình',
    published: 'công bố',
    computed: 'IndexHub tính',
    asPublished: 'theo công bố',
    up: (n) => `tăng ${n} bậc`,
    down: (n) => `giảm ${n} bậc`,
    same: 'giữ nguyên',
    onYear: (y) => `so với ${y}`,
    places: 'bậc',
    pointsChange: 'điểm',
    notComparable: 'không so sánh trực tiếp được',
    noResult: 'Chưa có kết quả trong dữ liệu',
    noIndices: (y) => `Chưa có kết quả chỉ số nào cho năm ${y}.`,
    rankOverYears: 'Xếp hạng qua các năm (hạng 1 ở trên cùng)',
    rankChartLabel: (i, units) => `Biểu đồ xếp hạng ${i} qua các năm: ${units}`,
    componentsVsMean: 'Các thành phần so với trung bình cả nước',
    targets: 'Mục tiêu và đơn vị chủ trì',
    targetGoal: 'Mục tiêu',
    targetStatus: 'Tình trạng',
    ledBy: 'Chủ trì',
    setBy: (who) => `Giao bởi ${who}`,
    statusLabel: (s) => ({ met: 'Đạt', notMet: 'Chưa đạt', pending: 'Chưa có kết quả', notEvaluable: 'Không đánh giá được' })[s] || s,
    targetText: (x) => ({ rankAtMost: `Trong nhóm ${x.threshold} dẫn đầu`, scoreAtLeast: `Đạt ít nhất ${x.threshold} điểm`, rankBetterThanPreviousYear: 'Thứ hạng cao hơn năm trước', scoreAboveNationalMean: 'Trên trung bình cả nước', improve: 'Nâng cao' })[x.kind] || x.target,
    derivedNote: 'dựa trên thứ hạng suy ra, không được công bố',
    sourceSays: 'Nguồn đánh giá',
    formedFrom: (d) => `Hình thành ngày ${d} từ`,
    predecessors: 'Các tỉnh trước sáp nhập',
    predecessorsNote: 'Kết quả được giữ theo địa giới đã công bố; chuỗi của từng tỉnh cũ được đặt cạnh nhau, không cộng gộp.',
    latest: 'Mới nhất',
    successor: (n, d) => `Từ ${d} thuộc ${n}`,
    partial: (held, size) => `Bảng một phần: ${held}/${size} đơn vị`,
    partialNote: 'Thứ hạng là thứ hạng được công bố trên toàn bộ nhóm; thống kê chỉ tính khi đủ dữ liệu.',
    complete: (size) => `Đủ ${size} đơn vị`,
    ranking: 'Bảng xếp hạng',
    scoresChart: 'Điểm theo thứ hạng',
    scoresChartLabel: (i, y) => `Biểu đồ cột điểm ${i} năm ${y} theo thứ hạng`,
    regionalMeans: 'Trung bình các vùng',
    mean: 'Trung bình',
    downloadCsv: 'Tải CSV',
    sortBy: (c) => `Sắp xếp theo ${c}`,
    noRows: 'Không có dòng nào.',
    statistics: 'Thống kê',
    cohortFigure: 'Số liệu của cả nhóm',
    compareTitle: 'So sánh các tỉnh',
    compareHelp: (n) => `Chọn tối đa ${n} tỉnh, thành phố.`,
    add: 'Thêm',
    remove: (n) => `Bỏ ${n}`,
    best: 'cao nhất',
    compareChartLabel: (i) => `Biểu đồ điểm các thành phần ${i}, có đường trung bình cả nước`,
    dataTable: 'Bảng số liệu',
    openFull: 'Xem đầy đủ trên IndexHub',
    pickProvince: 'Chọn tỉnh, thành phố',
    examples: 'Ví dụ',
    indexList: 'Các chỉ số',
    embedHelp: 'Nhúng thẻ điểm vào cổng thông tin: xem docs/explorer.md',
    statusWords: {
      published: ['đã công bố', ''],
      notPublished: ['chưa công bố', 'nhà xuất bản chưa công bố con số này'],
      notSurveyed: ['không khảo sát', 'đơn vị này không được khảo sát năm đó'],
      withheld: ['không công khai', 'nhà xuất bản giữ lại con số này'],
      notApplicable: ['không áp dụng', 'chỉ tiêu này không áp dụng cho đơn vị này'],
      notInSource: ['nguồn không nêu điểm', 'nguồn chỉ nêu thứ hạng, không nêu điểm'],
    },
  },
  en: {
    title: 'IndexHub Explorer',
    tagline: "Vietnam's governance and public administration indices",
    home: 'Home',
    provinces: 'Provinces',
    indicesNav: 'Indices',
    compareNav: 'Compare',
    api: 'API (Swagger)',
    switchLang: 'Tiếng Việt',
    switchLangLabel: 'Chuyển sang tiếng Việt',
    year: 'Year',
    province: 'Province',
    index: 'Index',
    show: 'Show',
    loading: 'Loading…',
    error: 'Could not load the data',
    notFound: 'Not found',
    score: 'Score',
    rank: 'Rank',
    change: 'Change',
    tier: 'Tier',
    status: 'Status',
    source: 'Source',
    sources: 'Sources',
    region: 'Region',
    allRegions: 'All regions',
    component: 'Component',
    nationalMean: 'National mean',
    aboveMean: 'above the mean',
    belowMean: 'below the mean',
    published: 'published',
    computed: 'computed by IndexHub',
    asPublished: 'as published',
    up: (n) => `up ${n} places`,
    down: (n) => `down ${n} places`,
    same: 'unchanged',
    onYear: (y) => `on ${y}`,
    places: 'places',
    pointsChange: 'points',
    notComparable: 'not directly comparable',
    noResult: 'No result held',
    noIndices: (y) => `No index results for ${y} yet.`,
    rankOverYears: 'Rank over the years (rank 1 at the top)',
    rankChartLabel: (i, units) => `Chart of ${i} rank over the years: ${units}`,
    componentsVsMean: 'Components against the national mean',
    targets: 'Targets and who leads them',
    targetGoal: 'Target',
    targetStatus: 'Status',
    ledBy: 'Led by',
    setBy: (who) => `Set by ${who}`,
    statusLabel: (s) => ({ met: 'Met', notMet: 'Not met', pending: 'No result yet', notEvaluable: 'Not evaluable' })[s] || s,
    targetText: (x) => ({ rankAtMost: `Top ${x.threshold}`, scoreAtLeast: `At least ${x.threshold} points`, rankBetterThanPreviousYear: 'A better rank than the year before', scoreAboveNationalMean: 'Above the national mean', improve: 'Improve' })[x.kind] || x.target,
    derivedNote: 'rests on a derived rank no source printed',
    sourceSays: 'The source’s evaluation',
    formedFrom: (d) => `Formed on ${d} from`,
    predecessors: 'Predecessor provinces',
    predecessorsNote: 'Results stay on the geography they were published for; each predecessor’s series is shown side by side, never added up.',
    latest: 'Latest',
    successor: (n, d) => `Part of ${n} from ${d}`,
    partial: (held, size) => `Partial table: ${held} of ${size} units`,
    partialNote: 'Ranks are the published ranks in the whole cohort; statistics are computed over complete tables only.',
    complete: (size) => `All ${size} units`,
    ranking: 'Ranking',
    scoresChart: 'Scores by rank',
    scoresChartLabel: (i, y) => `Bar chart of ${i} ${y} scores by rank`,
    regionalMeans: 'Regional means',
    mean: 'Mean',
    downloadCsv: 'Download CSV',
    sortBy: (c) => `Sort by ${c}`,
    noRows: 'No rows.',
    statistics: 'Statistics',
    cohortFigure: 'Cohort figure',
    compareTitle: 'Compare provinces',
    compareHelp: (n) => `Choose up to ${n} provinces.`,
    add: 'Add',
    remove: (n) => `Remove ${n}`,
    best: 'best',
    compareChartLabel: (i) => `Chart of ${i} component scores with the national mean line`,
    dataTable: 'Data table',
    openFull: 'Open in IndexHub',
    pickProvince: 'Choose a province',
    examples: 'Examples',
    indexList: 'The indices',
    embedHelp: 'Embed a scorecard in a portal: see docs/explorer.md',
    statusWords: {
      published: ['published', ''],
      notPublished: ['not published', 'the publisher has not released this figure'],
      notSurveyed: ['not surveyed', 'the unit was not surveyed that year'],
      withheld: ['withheld', 'the publisher withheld this figure'],
      notApplicable: ['not applicable', 'the measure does not apply to this unit'],
      notInSource: ['score not in the source', 'the source gives the rank but not the score'],
    },
  },
};

function initialLang() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'vi') return fromUrl;
  try {
    const saved = localStorage.getItem('indexhub.lang');
    if (saved === 'en' || saved === 'vi') return saved;
  } catch {
    // storage may be unavailable (an embedded frame); Vietnamese then
  }
  return 'vi';
}

let lang = initialLang();

export const currentLang = () => lang;

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'vi';
  try {
    localStorage.setItem('indexhub.lang', lang);
  } catch {
    // nothing to keep it in
  }
  document.documentElement.lang = lang;
}

export const t = (key, ...args) => {
  const value = strings[lang][key] ?? strings.vi[key] ?? key;
  return typeof value === 'function' ? value(...args) : value;
};

/** A status in words, with why. */
export function statusWords(status) {
  const words = strings[lang].statusWords[status];
  return words ? { word: words[0], why: words[1] } : { word: status, why: '' };
}

/** The name in the chosen language where the data has both. */
export const named = (item) => (lang === 'en' ? item.nameEn || item.nameVi : item.nameVi || item.nameEn) ?? '';

const locale = () => (lang === 'en' ? 'en-GB' : 'vi-VN');

export function number(value, digits = 2) {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

export function signed(value, digits = 2) {
  if (value === null || value === undefined) return '';
  const text = number(Math.abs(value), digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}
