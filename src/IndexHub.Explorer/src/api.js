// Everything the explorer knows about the IndexHub API lives here: the URLs it calls and the shapes of the
// answers. Pages call these functions and read only the plain objects they return, so when the answer shapes
// change this file alone is adapted. Lists answer in one envelope ({ items, pageNumber, ... }); result rows carry
// codes and figures, with the names of components and tiers once per answer in `names`, and components and
// sources only where asked for with include=.

const BASE = '/api/v1';

/** Most units one compare takes (the service's Limits:MaxCompareUnits default). */
export const COMPARE_LIMIT = 20;

/** The year a province's page shows when none is asked for and its series name none. */
export const FALLBACK_YEAR = 2024;

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

const cache = new Map();

async function get(path) {
  if (cache.has(path)) return cache.get(path);
  const promise = (async () => {
    const response = await fetch(BASE + path, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      let title = null;
      let detail = null;
      try {
        const problem = await response.json();
        title = typeof problem.title === 'string' ? problem.title : null;
        detail = typeof problem.detail === 'string' ? problem.detail : null;
      } catch {
        // not problem details; the status says enough
      }
      throw new ApiError(response.status, title, detail);
    }
    return response.json();
  })();
  cache.set(path, promise);
  promise.catch(() => cache.delete(path));
  return promise;
}

const q = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

const enc = encodeURIComponent;

/** A source as the page shows it: a link where it has a web address, its citation as text otherwise. */
function source(s) {
  if (!s) return null;
  let href = null;
  if (typeof s.url === 'string') {
    try {
      const url = new URL(s.url);
      // Only web addresses become links: a javascript: or data: URL from the data must never be clickable.
      if (url.protocol === 'https:' || url.protocol === 'http:') href = url.href;
    } catch {
      href = null;
    }
  }
  const text = s.citation || (href ? new URL(href).hostname : s.url) || s.file || '';
  return { href, text, file: s.file ?? null };
}

function change(c) {
  if (!c) return null;
  return {
    previousYear: c.previousYear,
    previousRank: c.previousRank,
    previousScore: c.previousScore,
    score: c.score,
    places: c.places,
    comparable: c.comparable !== false,
    reason: c.reason ?? null,
  };
}

/** Names by code from an answer's names block, for the rows that refer to them. */
function namesOf(names) {
  const components = new Map((names?.components || []).map((c) => [c.code, c]));
  const tiers = new Map((names?.tiers || []).map((t) => [t.code, t]));
  return { components, tiers };
}

function result(r, names = namesOf(null)) {
  if (!r) return null;
  return {
    unit: { code: r.unit.code, name: r.unit.name, region: r.unit.region },
    year: r.year,
    edition: r.edition,
    score: r.score,
    status: r.status,
    rank: r.rank,
    rankBasis: r.rankBasis,
    cohortSize: r.cohortSize,
    rankLabel: r.rankLabel,
    tier: r.tier ? names.tiers.get(r.tier)?.nameVi ?? r.tier : null,
    change: change(r.change),
    conflict: !!r.conflict,
    components: (r.components || []).map((c) => ({
      code: c.code,
      nameVi: names.components.get(c.code)?.nameVi ?? c.code,
      nameEn: names.components.get(c.code)?.nameEn ?? c.code,
      score: c.score,
      status: c.status,
    })),
    sources: (r.sources || []).map((s) => ({ metric: s.metric, score: s.score, rank: s.rank, note: s.note, source: source(s.source) })),
  };
}

/** A goal the province set, who leads it, and its progress in the year asked about (computed by the API from the results). */
function target(x) {
  const p = (x.progress || [])[0] || null;
  return {
    id: x.id,
    index: x.index,
    componentLabel: x.componentLabel,
    target: x.target,
    kind: x.kind,
    threshold: x.threshold,
    setBy: x.setBy,
    owner: x.owner.name,
    source: { title: x.source.title, url: x.source.url, date: x.source.date, quote: x.source.quote },
    evaluationInSource: x.evaluationInSource,
    status: p ? p.status : null,
    explanation: p ? p.explanation : null,
    derived: p ? p.derived : false,
    derivation: p ? (p.against && p.against.derivation) || (p.actual && p.actual.derivation) || null : null,
  };
}

function statement(s) {
  return {
    index: s.index,
    kind: s.kind,
    year: s.year,
    comparedToYear: s.comparedToYear,
    places: s.places,
    text: s.text,
    source: source(s.source),
  };
}

/** The index catalogue: code, names, publisher, scale. */
export async function indices() {
  const body = await get('/indices');
  return body.items.map((i) => ({
    code: i.code,
    nameVi: i.nameVi,
    nameEn: i.nameEn,
    publisher: i.publisher,
    scale: i.scale,
    higherIsBetter: i.higherIsBetter,
    provincial: (i.assessedUnitTypes || []).some((t) => t === 'province' || t === 'municipality'),
  }));
}

/** The years an index holds, newest first, with coverage. */
export async function indexYears(index) {
  const body = await get(`/indices/${enc(index)}/years`);
  return body.items.map((y) => ({ year: y.year, cohort: y.cohort, cohortSize: y.cohortSize, rowsHeld: y.rowsHeld, complete: y.complete }));
}

/** The six regions. */
export async function regions() {
  const body = await get('/regions');
  return body.items.map((r) => ({ code: r.code, order: r.order, nameVi: r.nameVi, nameEn: r.nameEn }));
}

/** The provinces valid in a year (its last day), in code order. */
export async function provinces(year) {
  const body = await get(`/provinces${q({ year, pageSize: 200 })}`);
  return body.items.map((p) => ({ code: p.code, name: p.nameVi, region: p.region?.code ?? null }));
}

/** One province as it was at the end of a year, with what it was formed from. */
export async function province(code, year) {
  const p = await get(`/provinces/${enc(code)}${q({ asOf: year ? `${year}-12-31` : null })}`);
  return {
    code: p.code,
    name: p.nameVi,
    fullName: p.fullName,
    nameEn: p.nameEn,
    region: p.region ? { code: p.region.code, nameVi: p.region.nameVi, nameEn: p.region.nameEn } : null,
    validFrom: p.validFrom,
    validTo: p.validTo,
    predecessors: (p.predecessors || []).map((x) => ({ code: x.code, name: x.name, kind: x.kind, effective: x.effective, legalBasis: x.legalBasis })),
    successors: (p.successors || []).map((x) => ({ code: x.code, name: x.name, kind: x.kind, effective: x.effective })),
  };
}

/** Every index for a province and year. */
export async function scorecard(code, year) {
  // The cards cite each figure's sources.
  const body = await get(`/provinces/${enc(code)}/scorecard${q({ year, include: 'sources' })}`);
  return {
    unit: { code: body.unit.code, name: body.unit.name },
    year: body.year,
    note: body.note,
    indices: body.indices.map((i) => {
      // The change of places: from both years' ranks where held, else as a source stated it (one of the statements).
      const fromRanks = i.result?.change?.places ?? null;
      const stated = (i.publishedStatements || []).find((s) => s.kind === 'rankChange' && s.comparedToYear === body.year - 1) ?? null;
      return {
        index: i.index,
        indexName: i.indexNameEn,
        indexNameVi: i.indexNameVi,
        rank: i.result?.rank ?? null,
        previousRank: i.result?.change?.previousRank ?? null,
        placesChange: fromRanks ?? stated?.places ?? null,
        placesChangeBasis: fromRanks !== null ? 'ranks' : stated ? 'published statement' : null,
        statedOnly: fromRanks === null && stated !== null,
        components: (i.components || []).map((c) => ({
          code: c.code,
          nameVi: c.nameVi,
          nameEn: c.nameEn,
          score: c.score,
          nationalMean: c.nationalMean,
          above: c.aboveNationalMean,
          basis: c.basis,
        })),
        statements: (i.publishedStatements || []).map(statement),
        result: result(i.result),
        targets: (i.targets || []).map(target),
      };
    }),
  };
}

/**
 * A province's series per index. For a province formed in 2025 the answer holds its predecessors' series side by
 * side, each labelled with its unit; points carry year, rank and cohort size.
 */
export async function series(code) {
  // A chart needs only each point's year, rank and score: the rest of each row is left out.
  const body = await get(`/provinces/${enc(code)}/results${q({ include: 'none', fields: 'year,rank,cohortSize,rankLabel,score,status,edition' })}`);
  return {
    statements: (body.publishedStatements || []).map(statement),
    series: body.series.map((s) => ({
      unit: { code: s.unit.code, name: s.unit.name, relation: s.unit.relation, validTo: s.unit.validTo },
      index: s.index,
      points: s.points.map((p) => ({
        year: p.year,
        rank: p.rank,
        cohortSize: p.cohortSize,
        rankLabel: p.rankLabel,
        score: p.score,
        status: p.status,
        edition: p.edition,
      })),
    })),
  };
}

/** An index's ranking table for a year, with the cohort's completeness and statistics. */
export async function ranking(index, year) {
  // The table cites each row's sources; the names block names its tiers.
  const body = await get(`/indices/${enc(index)}/results${q({ year, pageSize: 200, include: 'names,sources' })}`);
  // A cohort larger than a page (communes) is read page by page; the 63 or 34 provinces fit in one.
  let items = body.results.items;
  for (let page = 2; page <= (body.results.totalPages ?? 1); page++) {
    const next = await get(`/indices/${enc(index)}/results${q({ year, pageSize: 200, page, include: 'names,sources' })}`);
    items = items.concat(next.results.items);
  }
  const published = (body.statistics?.published || []).map((s) => ({ ...s, source: source(s.source) }));
  return {
    index: body.index,
    year: body.year,
    edition: body.edition,
    cohort: {
      name: body.cohort?.name,
      size: body.cohort?.size,
      rowsHeld: body.cohort?.rowsHeld,
      complete: !!body.cohort?.complete,
    },
    statistics: { computed: body.statistics?.computed ?? null, computedNote: body.statistics?.computedNote ?? null, published },
    rows: items.map((r) => result(r, namesOf(body.names))),
  };
}

/** The address of the same ranking as CSV (the service's ?format=csv). */
export function rankingCsvUrl(index, year) {
  return `${BASE}/indices/${enc(index)}/results${q({ year, pageSize: 200, format: 'csv' })}`;
}

/** The six regions' means for an index and year, in order. */
export async function regionalMeans(index, year) {
  const body = await get(`/indices/${enc(index)}/regions${q({ year })}`);
  return body.regions.map((r) => ({
    region: r.region,
    nameVi: r.nameVi,
    nameEn: r.nameEn,
    mean: r.mean,
    basis: r.basis,
    rank: r.rank,
    tied: !!r.tied,
    note: r.note,
    source: source(r.source),
  }));
}

/** Units side by side across an index's components, with the national mean and the best unit per row. */
export async function compare(index, year, units) {
  const body = await get(`/compare${q({ index, year, units: units.join(',') })}`);
  return {
    index: body.index,
    year: body.year,
    units: body.units.map(result),
    rows: body.rows.map((r) => {
      const means = r.nationalMeans || [];
      // A published mean is the publisher's figure; the computed one is shown only where none was printed.
      const mean = means.find((m) => m.basis === 'published') || means[0] || null;
      return {
        code: r.code,
        nameVi: r.nameVi,
        nameEn: r.nameEn,
        values: new Map(r.values.map((v) => [v.unit, { score: v.score, rank: v.rank }])),
        nationalMean: mean ? { value: mean.value, basis: mean.basis, source: source(mean.source) } : null,
        best: r.best || [],
      };
    }),
  };
}
