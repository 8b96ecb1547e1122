/* Bảng Vàng – honour-roll filters and name search. No framework, no build step.
 *
 * Works on every [data-roll] block (templates/_partials/roll.html): reveals its hidden filter form, then
 * shows only the rows (<tr data-search data-year data-unit data-campaign data-award data-kind>) that match.
 * Names match without accents and with đ = d, folded exactly like Python's bangvang.text.fold; each
 * word of the query must begin a word of the row's key ("nguyen van hung", "hung nguyen", "dang").
 * A roll split over several pages (data-roll-pages > 1) searches every honour through the JSON index
 * (data-roll-index, made by bangvang/search.py). The state lives in the URL query, so a filtered roll
 * can be shared or printed. Without JavaScript none of this runs and the page is a plain list.
 */
(function () {
  "use strict";

  var ZERO_WIDTH = /[\u200b\u200c\u200d\ufeff\u2060]/g;
  var SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
  var MARKS = /\p{M}/gu;
  var NOT_WORD = /[^\p{L}\p{N}]+/u;
  var PARAMS = ["q", "nam", "don-vi", "phong-trao", "danh-hieu", "loai"];
  var ATTRS = { nam: "year", "don-vi": "unit", "phong-trao": "campaign", "danh-hieu": "award", loai: "kind" };
  var MAX_RESULTS = 300;

  /* Python: NFD(casefold(s)) without combining marks, đ→d, NFC, spaces collapsed. */
  function fold(s) {
    return String(s).replace(ZERO_WIDTH, "").replace(SPACES, " ").toLowerCase()
      .normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").normalize("NFC")
      .split(/\s+/).filter(Boolean).join(" ");
  }

  function words(s) {
    return fold(s).split(NOT_WORD).filter(Boolean);
  }

  /* Python: search.matches. A row's key is its name's words then its unit's: the query's words must all
     begin words of the name, or all words of the unit ("doan thi" is not "Công đoàn" + "Thị"). */
  function allBegin(keyWords, queryWords) {
    for (var i = 0; i < queryWords.length; i++) {
      var q = queryWords[i], found = false;
      for (var j = 0; j < keyWords.length && !found; j++) found = keyWords[j].lastIndexOf(q, 0) === 0;
      if (!found) return false;
    }
    return true;
  }

  function keyParts(key, name, counted) {
    var all = words(key), own = counted ? [] : words(name);
    return { name: own, unit: all.slice(own.length) };
  }

  function matches(parts, queryWords) {
    return allBegin(parts.name, queryWords) || allBegin(parts.unit, queryWords);
  }

  function debounce(fn, ms) {
    var timer = 0;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== "") node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(text, href) {
    return href ? el("a", { href: href }, text) : document.createTextNode(text);
  }

  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function Roll(root) {
    this.root = root;
    this.form = root.querySelector("[data-roll-filter]");
    this.status = root.querySelector("[data-roll-status]");
    this.pages = parseInt(root.getAttribute("data-roll-pages") || "1", 10);
    this.indexUrl = root.getAttribute("data-roll-index") || "";
    this.fixedYear = root.getAttribute("data-roll-year") || "";
    this.fixedUnits = (root.getAttribute("data-roll-units") || "").split(" ").filter(Boolean);
    this.fixedCampaign = root.getAttribute("data-roll-campaign") || "";
    /* A unit chosen in the filter stands for itself and its sub-units (<option data-units>), as on its page. */
    this.unitMembers = {};
    Array.prototype.forEach.call(root.querySelectorAll("select[name='don-vi'] option[data-units]"), function (o) {
      this.unitMembers[o.value] = o.getAttribute("data-units").split(" ");
    }, this);
    this.index = null;
    this.results = null;
    this.seq = 0;
    this.rows = Array.prototype.map.call(root.querySelectorAll("tr[data-search]"), function (tr) {
      var row = { tr: tr };
      for (var name in ATTRS) row[name] = tr.getAttribute("data-" + ATTRS[name]) || "";
      var cell = tr.querySelector("td.name");
      var own = cell ? (cell.querySelector("a") || cell).firstChild : null;
      row.parts = keyParts(tr.getAttribute("data-search") || "", own ? own.textContent : "", row.loai === "so-luong");
      return row;
    });
    this.tables = Array.prototype.slice.call(root.querySelectorAll(".table-wrap"));
    this.sections = Array.prototype.slice.call(root.querySelectorAll(".roll-year, .roll-unit, .roll-section"));
    this.static = Array.prototype.filter.call(root.children, function (child) {
      return !child.matches("[data-roll-filter], [data-roll-status]");
    });
    this.init();
  }

  Roll.prototype.init = function () {
    var self = this, form = this.form;
    var query = new URLSearchParams(location.search);
    PARAMS.forEach(function (name) {
      var control = form.elements[name], value = query.get(name);
      if (!control || value === null) return;
      if (control.tagName === "SELECT") {
        if (Array.prototype.some.call(control.options, function (o) { return o.value === value; })) control.value = value;
      } else {
        control.value = value;
      }
    });
    form.hidden = false;
    /* Phones: the selects are behind "Bộ lọc"; a shared link with filters chosen opens them. */
    var toggle = form.querySelector("[data-filter-toggle]");
    var open = function (yes) {
      form.classList.toggle("filters-open", yes);
      if (toggle) toggle.setAttribute("aria-expanded", yes ? "true" : "false");
    };
    if (toggle) toggle.addEventListener("click", function () { open(!form.classList.contains("filters-open")); });
    open(PARAMS.some(function (name) { return name !== "q" && query.get(name); }));
    var later = debounce(function () { self.apply(); }, 150);
    form.addEventListener("input", function (e) { if (e.target.tagName === "INPUT") later(); });
    form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") self.apply(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); self.apply(); });
    form.addEventListener("reset", function () { setTimeout(function () { self.apply(); }, 0); });
    this.apply();
  };

  Roll.prototype.state = function () {
    var form = this.form, state = {};
    PARAMS.forEach(function (name) {
      var control = form.elements[name];
      state[name] = control ? control.value.trim() : "";
    });
    return state;
  };

  Roll.prototype.writeUrl = function (state) {
    var query = new URLSearchParams(location.search);
    PARAMS.forEach(function (name) { if (state[name]) query.set(name, state[name]); else query.delete(name); });
    var search = query.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  };

  Roll.prototype.apply = function () {
    var state = this.state(), self = this;
    var queryWords = words(state.q);
    var active = queryWords.length > 0 || PARAMS.some(function (n) { return n !== "q" && state[n]; });
    this.writeUrl(state);
    if (active && this.pages > 1 && this.indexUrl) {
      var seq = ++this.seq;
      this.loadIndex().then(function (index) {
        if (seq === self.seq) self.showResults(index, state, queryWords);
      }, function () {
        if (seq === self.seq) self.filterHere(state, queryWords, true, true);
      });
    } else {
      this.seq++;
      this.filterHere(state, queryWords, active, false);
    }
  };

  Roll.prototype.loadIndex = function () {
    if (!this.index) {
      this.index = fetch(this.indexUrl, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (data) {
        var f = {};
        data.fields.forEach(function (name, i) { f[name] = i; });
        data.f = f;
        data.rows.forEach(function (row) { row.parts = keyParts(row[f.search], row[f.name], row[f.kind] === "so-luong"); });
        return data;
      });
      var self = this;
      this.index.catch(function () { self.index = null; });
    }
    return this.index;
  };

  Roll.prototype.passes = function (row, state, queryWords) {
    for (var name in ATTRS) {
      /* a registered unit honoured itself (data-kind="don-vi") is a collective for the kind filter */
      if (!state[name] || row[name] === state[name] || (name === "loai" && row[name] === "don-vi" && state[name] === "tap-the")) continue;
      var members = name === "don-vi" && this.unitMembers[state[name]];
      if (!members || members.indexOf(row[name]) < 0) return false;
    }
    return !queryWords.length || matches(row.parts, queryWords);
  };

  /* One page's rows, filtered in place; groups with nothing left are hidden with them. */
  Roll.prototype.filterHere = function (state, queryWords, active, onlyHere) {
    var shown = 0, self = this;
    this.showStatic(true);
    this.rows.forEach(function (row) {
      var ok = !active || self.passes(row, state, queryWords);
      row.tr.hidden = !ok;
      if (ok) shown++;
    });
    this.tables.forEach(function (wrap) { wrap.hidden = !wrap.querySelector("tr[data-search]:not([hidden])"); });
    this.sections.forEach(function (section) { section.hidden = !section.querySelector("tr[data-search]:not([hidden])"); });
    this.say(active, shown, onlyHere ? " (chỉ trong trang này: chưa tải được danh sách đầy đủ)" : "");
  };

  Roll.prototype.showStatic = function (visible) {
    this.static.forEach(function (node) { if (node !== this.results) node.hidden = !visible; }, this);
    if (this.results) this.results.hidden = visible;
  };

  /* Every honour of a paginated roll, from the JSON index, as one results table. */
  Roll.prototype.showResults = function (index, state, queryWords) {
    var f = index.f, fixedYear = this.fixedYear, found = [], self = this;
    var fixedUnits = this.fixedUnits, fixedCampaign = this.fixedCampaign;
    index.rows.forEach(function (r) {
      var row = { parts: r.parts, nam: String(r[f.yearEnd]), "don-vi": r[f.unit], "phong-trao": r[f.campaign],
                  "danh-hieu": r[f.award], loai: r[f.kind] };
      if (fixedYear && row.nam !== fixedYear) return;
      if (fixedUnits.length && fixedUnits.indexOf(row["don-vi"]) < 0) return;
      if (fixedCampaign && row["phong-trao"] !== fixedCampaign) return;
      if (self.passes(row, state, queryWords)) found.push(r);
    });
    if (!this.results) {
      this.results = el("div", { "class": "roll-results" });
      this.root.appendChild(this.results);
    }
    var table = el("table", { "class": "roll" });
    table.appendChild(el("caption", null, "Kết quả trong toàn bộ bảng vàng" + (fixedYear ? " năm " + fixedYear : "")));
    var head = el("tr");
    ["Tên", "Danh hiệu", "Đơn vị", "Năm", "Bài viết"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    found.slice(0, MAX_RESULTS).forEach(function (r) {
      var unit = index.units[r[f.unit]] || ["", ""], article = index.articles[r[f.article]] || ["", ""];
      var tr = el("tr");
      var name = el("td", { "class": "name", "data-label": "Tên" });
      name.appendChild(link(r[f.name], r[f.url]));
      if (r[f.position]) name.appendChild(el("span", { "class": "position" }, r[f.position]));
      tr.appendChild(name);
      tr.appendChild(el("td", { "data-label": "Danh hiệu" }, index.awards[r[f.award]] || ""));
      tr.appendChild(el("td", { "data-label": "Đơn vị" })).appendChild(link(unit[0], unit[1]));
      tr.appendChild(el("td", { "data-label": "Năm" }, r[f.year]));
      tr.appendChild(el("td", { "data-label": "Bài viết" })).appendChild(link(article[0], article[1]));
      body.appendChild(tr);
    });
    var wrap = el("div", { "class": "table-wrap" });
    wrap.appendChild(table);
    this.results.replaceChildren(wrap);
    if (!found.length) wrap.hidden = true;
    this.showStatic(false);
    this.say(true, found.length, found.length > MAX_RESULTS ? "; hiện " + number(MAX_RESULTS) + " kết quả đầu, gõ thêm để thu hẹp" : "");
  };

  Roll.prototype.say = function (active, count, extra) {
    var text = "";
    if (active) {
      text = count ? "Tìm thấy " + number(count) + " kết quả" + extra + "."
                   : "Không tìm thấy kết quả nào" + extra + ". Thử gõ ít chữ hơn hoặc bỏ bớt bộ lọc.";
    }
    if (this.status.textContent !== text) this.status.textContent = text;
  };

  window.BangVang = { fold: fold, words: words, matches: function (key, query, name) {
    var q = words(query);
    return name === undefined || name === null ? allBegin(words(key), q) : matches(keyParts(key, name, false), q);
  } };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-roll]"), function (root) {
      if (root.querySelector("[data-roll-filter]")) new Roll(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
