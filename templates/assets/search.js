// The search page: Pagefind UI with the query cut into words the way the index was (see
// src/search/spacing.ts in build-paper), and results put back the way the writer wrote them.
// Plain script, no build step; `paperSearch` is also loaded by the unit tests.
(function (root) {
  // Scripts written without spaces: Thai, Lao, Burmese, Khmer, kana, Han. Keep in step with
  // UNSPACED in src/text/analyze.ts (a unit test checks they agree).
  var CHAR = '[\\u0E00-\\u0EFF\\u1000-\\u109F\\u1780-\\u17FF\\u19E0-\\u19FF\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF]';
  var RUN = new RegExp(CHAR + '+', 'gu');
  // A space the build inserted between two such characters, possibly next to <mark> tags.
  var INSERTED = new RegExp('(' + CHAR + ')((?:</?mark>)*) (?=(?:</?mark>)*' + CHAR + ')', 'gu');
  // A space the writer typed there, which the build kept as " \u2060 ".
  var KEPT = / ?\u2060 ?/g;
  var segmenter = null;

  function words(run) {
    if (!segmenter) segmenter = new Intl.Segmenter(root.document ? root.document.documentElement.lang || undefined : undefined, { granularity: 'word' });
    return Array.from(segmenter.segment(run), function (s) { return s.segment; }).join(' ');
  }

  /** The reader's query with unspaced runs cut into space-separated words (Pagefind ANDs them). */
  function splitQuery(term) {
    if (typeof Intl === 'undefined' || !Intl.Segmenter) return term;
    return term.replace(RUN, words).replace(/\s+/g, ' ');
  }

  /** Text or excerpt HTML from the index with the build's inserted spaces taken out again. */
  function restore(text) {
    return typeof text === 'string' ? text.replace(INSERTED, '$1$2').replace(KEPT, ' ') : text;
  }

  function restoreResult(result) {
    var meta = {};
    Object.keys(result.meta || {}).forEach(function (k) { meta[k] = restore(result.meta[k]); });
    var subs = (result.sub_results || []).map(function (s) { return Object.assign({}, s, { title: restore(s.title), excerpt: restore(s.excerpt) }); });
    return Object.assign({}, result, { excerpt: restore(result.excerpt), meta: meta, sub_results: subs });
  }

  /**
   * Starts Pagefind UI in `el` (a #search element with data-bundle, data-base, data-label). The
   * index comes in parts (the build re-indexes only the newest); parts.json in the primary
   * bundle lists the others, which are merged into every search.
   */
  function start(el) {
    var bundle = el.getAttribute('data-bundle');
    return root
      .fetch(bundle + 'parts.json')
      .then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; })
      .then(function (parts) { return startWith(el, bundle, parts); });
  }

  function startWith(el, bundle, parts) {
    var params = new URLSearchParams(root.location.search);
    var byDate = params.get('sort') === 'date';
    var base = el.getAttribute('data-base');
    var options = {
      element: '#' + el.id,
      bundlePath: bundle,
      baseUrl: base,
      // Parts are in publication order, oldest first. Sorted by date, Pagefind scores a result
      // by its rank within its own part and merges parts by score; weighting each part 2^20
      // times the one before (more pages than a part holds) makes those scores compare across
      // parts. Rank 0 in each part is an empty anchor page the build adds, so no story scores 0.
      mergeIndex: parts.map(function (dir, i) {
        var merged = { bundlePath: bundle + dir, baseUrl: base };
        if (byDate) merged.indexWeight = Math.pow(2, 20 * (i + 1));
        return merged;
      }),
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      processTerm: splitQuery,
      processResult: restoreResult,
    };
    if (byDate) options.sort = { date: 'desc' };
    var ui = new root.PagefindUI(options);
    var input = el.querySelector('input');
    if (input) {
      input.setAttribute('aria-label', el.getAttribute('data-label'));
      input.id = 'search-page-q';
    }
    // The sort links carry the current query, so switching order keeps what the reader typed.
    root.document.querySelectorAll('[data-search-sort]').forEach(function (a) {
      a.addEventListener('click', function () {
        var url = new URL(a.href);
        if (input && input.value) url.searchParams.set('q', input.value);
        a.href = url.toString();
      });
    });
    var q = params.get('q');
    if (q) ui.triggerSearch(q);
    return ui;
  }

  root.paperSearch = { splitQuery: splitQuery, restore: restore, restoreResult: restoreResult, start: start, CHAR: CHAR };
})(typeof window !== 'undefined' ? window : globalThis);
