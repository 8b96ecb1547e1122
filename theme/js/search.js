/* Bảng Vàng – site search page (/tim-kiem/) on Pagefind's JavaScript API. No framework.
 *
 * Pagefind folds tones and vowel marks itself; the built pages carry the đ→d forms of their đ-words
 * (bangvang/search.py), so "cong doan" finds "Công đoàn". Filters (đơn vị, phong trào, năm) come from
 * the pages' data-pagefind-filter values. The query and filters live in the URL (?q=…&don-vi=…).
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-search]");
  if (!root) return;
  var form = root.querySelector("[data-search-form]");
  var input = form.elements.q;
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var filterBox = root.querySelector("[data-search-filters]");
  var FILTERS = [["don-vi", "Đơn vị"], ["phong-trao", "Phong trào"], ["nam", "Năm"]];
  var SHOWN = 20;
  var pagefind = null;
  var seq = 0;

  root.querySelector("[data-search-nojs]").hidden = true;
  form.hidden = false;

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

  /* Pagefind's excerpt is HTML with <mark> around hits: keep the text and the marks, nothing else. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = el("p", { "class": "excerpt" });
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === 3) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") out.appendChild(el("mark", null, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent || ""));
    });
    return out;
  }

  function buildFilters(pf) {
    return pf.filters().then(function (available) {
      FILTERS.forEach(function (pair) {
        var values = Object.keys(available[pair[0]] || {});
        if (values.length < 2) return;
        if (pair[0] === "nam") values.sort().reverse();
        else values.sort(function (a, b) { return a.localeCompare(b, "vi"); });
        var field = el("div", { "class": "field" });
        var id = "loc-" + pair[0];
        field.appendChild(el("label", { "for": id }, pair[1]));
        var select = el("select", { id: id, name: pair[0] });
        select.appendChild(el("option", { value: "" }, "Tất cả"));
        values.forEach(function (v) { select.appendChild(el("option", { value: v }, v)); });
        field.appendChild(select);
        filterBox.appendChild(field);
      });
    });
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

  /* Filters from the URL, once their selects exist (the query itself is read at once, below). */
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
    li.appendChild(excerpt(page.excerpt || ""));
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
      if (current.shown === 0) list.replaceChildren.apply(list, items);
      else items.forEach(function (li) { list.appendChild(li); });
      current.shown += items.length;
      more.hidden = current.shown >= current.results.length;
      var total = current.results.length, q = current.q;
      if (!total) say("Không tìm thấy bài viết nào" + (q ? " cho “" + q + "”" : "") + ". Thử từ khóa khác hoặc bỏ bớt bộ lọc.");
      else say("Tìm thấy " + total + " bài viết" + (total > current.shown ? "; đang hiện " + current.shown + " bài phù hợp nhất" : "") + ".");
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
      more.hidden = true;
      say("");
      return Promise.resolve();
    }
    say("Đang tìm…");
    return load().then(function (pf) {
      return pf.search(s.q || null, { filters: s.filters });
    }).then(function (search) {
      if (mine !== seq) return null;
      current = { results: search.results, shown: 0, q: s.q };
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
  load().then(buildFilters).catch(function () { /* run() reports a missing index */ }).then(function () {
    readFilters();
    return run();  // with whatever the reader has typed meanwhile
  });
})();
