/* Bảng Vàng – site search page (/tim-kiem/) on Pagefind's JavaScript API. No framework.
 *
 * Pagefind folds tones and vowel marks itself; the built pages carry the đ→d forms of their đ-words
 * (bangvang/search.py), so "cong doan" finds "Công đoàn". Filters (đơn vị, phong trào, năm) come from
 * the pages' data-pagefind-filter values. The query and filters live in the URL (?q=…&don-vi=…).
 * Names of people and collectives are looked up in the honour roll's JSON index (data-roll-index, the
 * one /bang-vang/ searches) with the roll's rule: each word of the query begins a word of the name.
 * Excerpts are made here from the page's visible text: the hidden đ→d word list (meta "dd") is cut off.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-search]");
  if (!root) return;
  var form = root.querySelector("[data-search-form]");
  var input = form.elements.q;
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var peopleBox = root.querySelector("[data-search-people]");
  var peopleList = root.querySelector("[data-people-results]");
  var FILTERS = [["don-vi", "Đơn vị"], ["phong-trao", "Phong trào"], ["nam", "Năm"]];
  var SHOWN = 20;
  var PEOPLE_SHOWN = 8;
  var EXCERPT_WORDS = 28;
  var MARKS = /\p{M}/gu;
  var NOT_WORD = /[^\p{L}\p{N}]+/u;
  var people = null;
  var pagefind = null;
  var seq = 0;

  function load() {
    if (!pagefind) {
      /* The index comes in parts (bangvang/search.py); the first part's Pagefind merges the others. */
      var parts = (root.getAttribute("data-bundles") || "").split(" ").filter(Boolean).slice(1);
      pagefind = import(root.getAttribute("data-bundle")).then(function (pf) {
        return pf.options({ excerptLength: 28 }).then(function () {
          return parts.reduce(function (done, part) {
            return done.then(function () { return pf.mergeIndex(part); });
          }, Promise.resolve());
        }).then(function () { pf.init(); return pf; });
      });
    }
    return pagefind;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The same fold as Python's bangvang.text.fold and roll.js: no case, no marks, đ = d. */
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").normalize("NFC");
  }

  function words(text) {
    return fold(text).split(NOT_WORD).filter(Boolean);
  }

  /* A window of the page's visible text around the first hit, hits marked. Pagefind's own excerpt can
     fall in the hidden đ→d list ("… cdcs cdvc doan dong …"), which is cut off the content here. */
  function excerpt(page, queryWords) {
    var content = page.content || "";
    var aliases = ((page.meta && page.meta.dd) || "").trim();
    if (aliases && content.trimEnd().endsWith(aliases)) content = content.trimEnd().slice(0, -aliases.length);
    var tokens = content.split(/(\s+)/).filter(function (t) { return t && !/^\s+$/.test(t); });
    /* Whole words, and the last word of the query as a beginning (it may still be being typed). */
    var last = queryWords.length - 1;
    var hit = function (token) {
      var folded = words(token);
      return queryWords.some(function (q, i) {
        return folded.some(function (w) { return i === last ? w.indexOf(q) === 0 : w === q; });
      });
    };
    var first = tokens.findIndex(hit);
    var start = first < 0 ? 0 : Math.max(0, first - Math.floor(EXCERPT_WORDS / 3));
    var out = el("p", { "class": "excerpt" });
    var shown = tokens.slice(start, start + EXCERPT_WORDS);
    if (start > 0) out.appendChild(document.createTextNode("… "));
    shown.forEach(function (token, i) {
      if (i) out.appendChild(document.createTextNode(" "));
      if (hit(token)) out.appendChild(el("mark", null, token));
      else out.appendChild(document.createTextNode(token));
    });
    if (start + EXCERPT_WORDS < tokens.length) out.appendChild(document.createTextNode(" …"));
    return out;
  }

  /* People and collectives of the honour roll, one entry per awardee page, with their honours. */
  function loadPeople() {
    if (!people) {
      people = fetch(root.getAttribute("data-roll-index")).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (index) {
        var f = {};
        index.fields.forEach(function (name, i) { f[name] = i; });
        var byUrl = new Map();
        index.rows.forEach(function (row) {
          if (row[f.kind] === "so-luong" || !row[f.url] || !row[f.name]) return;
          var person = byUrl.get(row[f.url]);
          if (!person) {
            var unit = index.units[row[f.unit]];
            person = { name: row[f.name], url: row[f.url], words: words(row[f.name]), unit: unit ? unit[0] : "",
                       honours: [] };
            byUrl.set(row[f.url], person);
          }
          var article = index.articles[row[f.article]];
          person.honours.push({ award: index.awards[row[f.award]] || "", year: String(row[f.year]),
                                article: article || null });
        });
        return Array.from(byUrl.values());
      });
    }
    return people;
  }

  function findPeople(list, queryWords) {
    var whole = queryWords.join(" ");
    var found = list.filter(function (p) {
      return queryWords.every(function (q) { return p.words.some(function (w) { return w.indexOf(q) === 0; }); });
    });
    return found.sort(function (a, b) {
      return (b.words.join(" ") === whole) - (a.words.join(" ") === whole) ||
        a.words.length - b.words.length || b.honours.length - a.honours.length || a.name.localeCompare(b.name, "vi");
    });
  }

  function personItem(person) {
    var li = el("li", { "class": "person" });
    li.appendChild(el("h3")).appendChild(el("a", { href: person.url }, person.name));
    if (person.unit) li.appendChild(el("p", { "class": "meta" }, person.unit));
    var honours = el("ul", { "class": "person-honours" });
    person.honours.slice(0, 3).forEach(function (h) {
      var item = el("li", null, h.award + (h.year ? " (" + h.year + ")" : ""));
      if (h.article) {
        item.appendChild(document.createTextNode(" · "));
        item.appendChild(el("a", { href: h.article[1] }, h.article[0]));
      }
      honours.appendChild(item);
    });
    if (person.honours.length > 3) honours.appendChild(el("li", null, "và " + (person.honours.length - 3) + " lượt vinh danh khác"));
    li.appendChild(honours);
    return li;
  }

  function showPeople(found, q) {
    peopleList.replaceChildren.apply(peopleList, found.slice(0, PEOPLE_SHOWN).map(personItem));
    if (found.length > PEOPLE_SHOWN) {
      var more = el("li", { "class": "people-more" });
      more.appendChild(el("a", { href: root.getAttribute("data-honours") + "?q=" + encodeURIComponent(q) },
                          "Xem cả " + found.length + " tên trên bảng vàng"));
      peopleList.appendChild(more);
    }
    peopleBox.hidden = !found.length;
  }

  function state() {
    var s = { q: input.value.trim(), filters: {} };
    FILTERS.forEach(function (pair) {
      var control = form.elements[pair[0]];
      if (control && control.value) s.filters[pair[0]] = control.value;
    });
    return s;
  }

  function writeUrl(s) {
    var query = new URLSearchParams();
    if (s.q) query.set("q", s.q);
    Object.keys(s.filters).forEach(function (k) { query.set(k, s.filters[k]); });
    var text = query.toString();
    history.replaceState(history.state, "", location.pathname + (text ? "?" + text : ""));
  }

  /* Filters from the URL (the selects are in the page, search.html). */
  function readFilters() {
    var query = new URLSearchParams(location.search);
    FILTERS.forEach(function (pair) {
      var control = form.elements[pair[0]], value = query.get(pair[0]);
      if (control && value && Array.prototype.some.call(control.options, function (o) { return o.value === value; })) {
        control.value = value;
      }
    });
  }

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function item(page) {
    var li = el("li", { "class": "search-result" });
    li.appendChild(el("h2")).appendChild(el("a", { href: page.url }, (page.meta && page.meta.title) || page.url));
    if (page.meta && page.meta.date) li.appendChild(el("p", { "class": "meta" }, page.meta.date));
    li.appendChild(excerpt(page, words(current.q)));
    return li;
  }

  /* Results come SHOWN at a time; "Xem thêm" appends the next ones and moves focus to the first of them. */
  var more = el("button", { type: "button", "class": "search-more" }, "Xem thêm kết quả");
  more.hidden = true;
  list.insertAdjacentElement("afterend", more);
  var current = null;

  function show(mine) {
    var batch = current.results.slice(current.shown, current.shown + SHOWN);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== seq) return;
      var items = pages.map(item);
      /* Names, status and results change in one frame: nothing shown moves in between (CLS). */
      if (current.shown === 0) {
        showPeople(current.found, current.q);
        list.replaceChildren.apply(list, items);
      }
      else items.forEach(function (li) { list.appendChild(li); });
      current.shown += items.length;
      more.hidden = current.shown >= current.results.length;
      var total = current.results.length, q = current.q, named = current.people;
      var names = named ? named + " người, tập thể được vinh danh" : "";
      if (!total && !named) say("Không tìm thấy bài viết nào" + (q ? " cho “" + q + "”" : "") + ". Thử từ khóa khác hoặc bỏ bớt bộ lọc.");
      else if (!total) say("Tìm thấy " + names + "; không có bài viết nào.");
      else say("Tìm thấy " + (names ? names + " và " : "") + total + " bài viết" +
               (total > current.shown ? "; đang hiện " + current.shown + " bài phù hợp nhất" : "") + ".");
      return items;
    });
  }

  more.addEventListener("click", function () {
    if (!current) return;
    show(seq).then(function (items) {
      var link = items && items[0] && items[0].querySelector("a");
      if (link) link.focus();
    });
  });

  function run() {
    var s = state(), mine = ++seq;
    writeUrl(s);
    if (!s.q && !Object.keys(s.filters).length) {
      current = null;
      list.replaceChildren();
      showPeople([], "");
      more.hidden = true;
      say("");
      return Promise.resolve();
    }
    say("Đang tìm…");
    var queryWords = words(s.q);
    /* Names are looked up when the query is a name's worth of text and no article filter is chosen. */
    var named = queryWords.join("").length < 2 || Object.keys(s.filters).length ? Promise.resolve([]) :
      loadPeople().then(function (list) { return findPeople(list, queryWords); }, function () { return []; });
    return Promise.all([load().then(function (pf) {
      return pf.search(s.q || null, { filters: s.filters });
    }), named]).then(function (found) {
      if (mine !== seq) return null;
      current = { results: found[0].results, shown: 0, q: s.q, people: found[1].length, found: found[1] };
      return show(mine);
    }).catch(function () {
      if (mine === seq) say("Chưa tải được chỉ mục tìm kiếm. Hãy thử lại sau, hoặc tìm theo bảng vàng, đơn vị, phong trào.");
    });
  }

  var timer = 0;
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("input", function (e) {
    if (e.target === input) { clearTimeout(timer); timer = setTimeout(run, 250); }
  });
  form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") run(); });

  input.value = new URLSearchParams(location.search).get("q") || "";
  readFilters();
  run();
  load().catch(function () { /* run() reports a missing index */ });
})();
