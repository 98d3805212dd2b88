/*
 * /decide/ widget: asks one question at a time by walking /api/v1/decision-tree.json, the tree
 * computed at build time and published for everyone; this file holds no decision logic, only the
 * walk, the display and the address bar.
 *
 * Data: the published tree (questions, reasons by id, root, nodes by id: an ask node maps each
 * answer to a node id; a leaf has recommend, why, pair, excluded and, when empty, reconsider),
 * fetched from the address in the container's data-widget attribute and read in the page's
 * language; the attribute (widget_data() in macros/render/decide.py) adds each question's help,
 * info {name, url, cost, caveat, setup} per method, the /bastion/ link with the answer that shows
 * it, and the ui strings. Until the tree arrives the first question, in the page's HTML, stays as
 * it is; if it cannot arrive, the widget steps aside and the outline is the page.
 *
 * State lives in the query string, as CONTRACT.md says: ?v=1&os=linux&ui=terminal, written
 * in the order the questions were asked and holding only the questions asked on the path.
 * Instant navigation (Material) swaps pages without reloading scripts: init runs on every page
 * through document$, and marks its container so it never runs twice on the same one.
 */
(function () {
  "use strict";

  var VERSION = "1";
  var current = null; // the widget on the page being shown, for popstate
  var counter = 0; // unique ids when several widgets were ever rendered

  function has(obj, key) {
    return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return has(values, name) ? values[name] : all;
    });
  }

  // Element builder: text only ever goes in through text nodes, never as HTML.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs.text;
      else if (name === "onclick") node.addEventListener("click", attrs.onclick);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function Widget(root, data) {
    this.root = root;
    this.data = data;
    this.ui = data.ui;
    this.id = "decide-" + (++counter);
    this.questions = {};
    this.order = [];
    data.questions.forEach(function (q) {
      var answers = {};
      q.answers.forEach(function (a) { answers[a.key] = a.text; });
      this.questions[q.key] = { text: q.text, help: q.help, answers: answers, order: q.answers,
                                dflt: has(q, "default") ? q["default"] : null };
      this.order.push(q.key);
    }, this);
    this.answers = {};
    this.editing = null;
    this.asking = null; // the question the address says is being asked (`&key=`)
    this.fillDefaults = false; // whether unanswered questions take their defaults (a link)
  }

  // The answers the address holds; unknown keys, unknown values and other versions are ignored.
  // A key with an empty value (`&bulk=`) marks the question being asked (see writeUrl).
  Widget.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var answers = {};
    this.asking = null;
    if (params.has("v") && params.get("v") !== VERSION) return answers;
    Object.keys(this.questions).forEach(function (key) {
      var value = params.get(key);
      if (value !== null && has(this.questions[key].answers, value)) answers[key] = value;
      else if (value === "") this.asking = key;
    }, this);
    // An address that holds answers is a link: questions it leaves out take their defaults, as
    // they do when /api/v1/decision-tree.json is walked, so a scenario's answers show its result.
    // A fresh visit asks every question, defaults included.
    this.fillDefaults = Object.keys(answers).length > 0;
    return answers;
  };

  // Follow `answers` from the root; stop at the question being changed (`editing`), if any.
  // Each step is [question, answer, taken from the question's default].
  Widget.prototype.walkWith = function (answers, editing) {
    var nodes = this.data.nodes;
    var node = nodes[this.data.root];
    var path = [];
    while (has(node, "ask")) {
      var answer = answers[node.ask];
      var dflt = this.questions[node.ask].dflt;
      var byDefault = this.fillDefaults && !has(answers, node.ask) && dflt !== null &&
                      node.ask !== editing && node.ask !== this.asking;
      if (byDefault) answer = dflt;
      if (node.ask === editing || !has(node.answers, answer)) {
        return { path: path, node: node, pending: node.ask };
      }
      path.push([node.ask, answer, byDefault]);
      node = nodes[node.answers[answer]];
    }
    return { path: path, node: node, pending: null };
  };

  // The walk of the stored answers, and the answers given that no longer apply: questions the
  // path skipped (before the one now asked, or anywhere once there is a result).
  Widget.prototype.walk = function () {
    var state = this.walkWith(this.answers, this.editing);
    var onPath = {};
    state.path.forEach(function (step) { onPath[step[0]] = true; });
    var limit = state.pending ? this.order.indexOf(state.pending) : this.order.length;
    state.stale = this.order.filter(function (key, i) {
      return i < limit && has(this.answers, key) && !onPath[key] && key !== state.pending;
    }, this);
    return state;
  };

  Widget.prototype.query = function (path, pending) {
    // A pending question with a default is written as `&key=` after the answers, so that
    // reopening the address asks it again instead of taking the default (readUrl); an address
    // without answers asks every question anyway.
    var steps = path.map(function (step) { return [step[0], step[1]]; });
    if (steps.length && pending && this.questions[pending].dflt !== null) steps.push([pending, ""]);
    if (!steps.length) return "";
    return "?v=" + VERSION + steps.map(function (step) {
      return "&" + encodeURIComponent(step[0]) + "=" + encodeURIComponent(step[1]);
    }).join("");
  };

  Widget.prototype.writeUrl = function (path, push, pending) {
    var url = window.location.pathname + this.query(path, pending);
    if (url === window.location.pathname + window.location.search) return;
    // A null state tells Material's instant navigation that this entry is ours to restore.
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(window.history.state, "", url);
  };

  Widget.prototype.choose = function (key, answer) {
    this.answers[key] = answer;
    if (this.asking === key) this.asking = null;
    this.editing = null;
    this.update(true);
  };

  Widget.prototype.change = function (key) {
    this.editing = key;
    this.update(true);
  };

  Widget.prototype.startOver = function () {
    this.answers = {};
    this.fillDefaults = false;
    this.asking = null;
    this.editing = null;
    this.update(true);
  };

  // Render, keep the address in step, and (after a user action) move focus and announce.
  Widget.prototype.update = function (byUser) {
    var state = this.walk();
    this.render(state);
    if (!this.editing) this.writeUrl(state.path, byUser, state.pending);
    if (!byUser) return;
    var heading = this.body.querySelector("[data-focus]");
    if (heading) heading.focus();
    this.announce(state);
  };

  Widget.prototype.announce = function (state) {
    var text = "";
    if (!state.pending) {
      var ids = state.node.pair ? state.node.pair.map(function (p) { return p.method; })
                                : state.node.recommend;
      text = ids.length ? fill(this.ui.announce, {
        count: String(ids.length),
        names: ids.map(this.name, this).join(this.ui.sep)
      }) : this.ui.none;
    }
    this.status.textContent = text;
  };

  Widget.prototype.name = function (id) {
    return this.data.info[id].name;
  };

  Widget.prototype.render = function (state) {
    // A result opens with what to do; the answers that led there follow it (a customer reads
    // the result first). While questions remain, the path comes first.
    var path = state.path.length ? this.renderPath(state.path) : null;
    var body = el("div", { "class": "decide__body" }, [
      state.pending ? path : null,
      state.stale.length ? this.renderStale(state.stale) : null,
      state.pending ? this.renderQuestion(state.pending) : this.renderResult(state),
      state.pending ? null : path,
      state.path.length || this.editing ? el("p", { "class": "decide__restart" }, [
        el("button", { type: "button", "class": "md-button", text: this.ui.start_over,
                       onclick: this.startOver.bind(this) })
      ]) : null
    ]);
    this.root.replaceChild(body, this.body);
    this.body = body;
  };

  Widget.prototype.renderPath = function (path) {
    var headingId = this.id + "-path";
    var items = path.map(function (step) {
      var q = this.questions[step[0]];
      return el("li", { "data-question": step[0], "data-answer": step[1] }, [
        el("span", { "class": "decide__step-question", text: q.text }), " ",
        el("strong", { text: q.answers[step[1]] }), " ",
        step[2] ? el("span", { "class": "decide__default", text: this.ui.by_default + " " }) : null,
        el("button", { type: "button", "class": "md-button decide__change", text: this.ui.change,
                       "aria-label": fill(this.ui.change_label, { question: q.text }),
                       onclick: this.change.bind(this, step[0]) })
      ]);
    }, this);
    return el("section", { "class": "decide__path", "aria-labelledby": headingId }, [
      el("h2", { id: headingId, text: this.ui.path }),
      el("ol", {}, items)
    ]);
  };

  Widget.prototype.renderQuestion = function (key) {
    var q = this.questions[key];
    var helpId = this.id + "-help";
    var buttons = q.order.map(function (a) {
      var chosen = this.editing === key && this.answers[key] === a.key;
      return el("button", {
        type: "button", "data-answer": a.key,
        "class": "md-button" + (chosen ? " md-button--primary" : ""),
        onclick: this.choose.bind(this, key, a.key)
      }, [a.text, chosen ? el("span", { "class": "decide__current", text: " " + this.ui.current }) : null]);
    }, this);
    return el("fieldset", { "class": "decide__question", "data-question": key,
                            "aria-describedby": helpId }, [
      el("legend", {}, [el("h2", { tabindex: "-1", "data-focus": "", text: q.text })]),
      el("p", { id: helpId, "class": "decide__help", text: q.help }),
      el("div", { "class": "decide__answers" }, buttons)
    ]);
  };

  // Answers given earlier that the current path no longer asks: said, not dropped silently.
  Widget.prototype.renderStale = function (keys) {
    return el("ul", { "class": "decide__stale" }, keys.map(function (key) {
      return el("li", { "data-question": key },
                [fill(this.ui.stale, { question: this.questions[key].text })]);
    }, this));
  };

  // Nodes in the language's brackets (ui.paren, as on the pages: " (…)" / "（…）").
  Widget.prototype.paren = function (nodes) {
    var ends = this.ui.paren.split("{text}");
    return el("span", {}, [ends[0]].concat(nodes, [ends[1]]));
  };

  Widget.prototype.link = function (href, text) {
    return el("a", { href: href, text: text });
  };

  // One method the result puts first (or pairs): why it ranks there, its caveat, cost, next step.
  Widget.prototype.renderMethod = function (leaf, id, label, bastion) {
    var m = this.data.info[id];
    var reasons = (leaf.why[id] || []).filter(function (r) { return r !== m.caveat; });
    var why = reasons.length ? el("ul", {}, reasons.map(function (r) {
      return el("li", { text: this.data.reasons[r] });
    }, this)) : el("span", { text: " " + this.ui.why_none });
    var caveat = m.caveat && (leaf.why[id] || []).indexOf(m.caveat) >= 0;
    return el("section", { "class": "decide__method", "data-method": id }, [
      el("h3", {}, [label ? el("span", { "class": "decide__job", text: label + ": " }) : null,
                    this.link(m.url, m.name)]),
      el("div", { "class": "decide__why" }, [el("strong", { text: this.ui.why }), why]),
      caveat ? el("p", { "class": "decide__caveat" }, [
        el("strong", { text: this.ui.caveat }), " " + this.data.reasons[m.caveat],
        this.paren([this.link(m.url + "#limitations", this.ui.limits)])]) : null,
      el("p", { "class": "decide__cost" }, [el("strong", { text: this.ui.cost }), " " + m.cost]),
      el("p", { "class": "decide__next" }, [
        el("strong", { text: this.ui.next }), " ", this.link(m.url + "#how-to-connect", this.ui.how),
        m.setup ? this.ui.sep : null, m.setup ? this.link(m.url + "#set-up", this.ui.setup) : null,
        bastion ? this.ui.sep : null, bastion ? this.link(this.data.bastion.url, this.ui.bastion) : null])
    ]);
  };

  Widget.prototype.renderResult = function (state) {
    var leaf = state.node;
    var ids = leaf.recommend;
    // The bastion guide is a next step when the reader said so, on this path or before it.
    var bastion = this.answers[this.data.bastion.question] === this.data.bastion.answer;
    var parts = [el("h2", { tabindex: "-1", "data-focus": "", text: this.ui.what })];
    var lead = [];
    if (leaf.pair) {
      parts.push(el("p", { "class": "decide__pair-lead", text: this.ui.pair_lead }));
      leaf.pair.forEach(function (p) {
        lead.push(p.method);
        parts.push(this.renderMethod(leaf, p.method, this.ui["for_" + p.job], bastion));
      }, this);
    } else if (ids.length) {
      lead.push(ids[0]);
      parts.push(this.renderMethod(leaf, ids[0], this.ui.best, bastion));
    }
    var rest = ids.filter(function (id) { return lead.indexOf(id) < 0; });
    if (rest.length) {
      parts.push(el("h3", { text: this.ui.also }));
      parts.push(el("ol", { "class": "decide__recommend", start: String(ids.indexOf(rest[0]) + 1) },
                    rest.map(function (id) {
        var m = this.data.info[id];
        var reasons = (leaf.why[id] || []).filter(function (r) { return r !== m.caveat; });
        return el("li", { "data-method": id }, [
          this.link(m.url, m.name), this.paren([this.link(m.url + "#how-to-connect", this.ui.how),
          m.setup ? this.ui.sep : null, m.setup ? this.link(m.url + "#set-up", this.ui.setup) : null]),
          el("span", { "class": "decide__by", text: " — " + (reasons.length ? reasons.map(function (r) {
            return this.data.reasons[r];
          }, this).join(this.ui.sep) : this.ui.why_none) + (m.caveat && (leaf.why[id] || []).indexOf(m.caveat) >= 0
            // why_none is a sentence already; a run of criteria needs its stop.
            ? (reasons.length ? this.ui.stop : this.ui.sentence) + this.ui.caveat + " " +
              this.data.reasons[m.caveat] : "") })
        ]);
      }, this)));
    }
    if (!ids.length) {
      parts.push(el("p", { "class": "decide__none", text: this.ui.none }));
      parts.push(this.renderReconsider(state.path, leaf.reconsider || []));
    }
    if (leaf.excluded.length) parts.push(el("h3", { text: this.ui.why_not }));
    if (leaf.excluded.length) parts.push(el("ul", { "class": "decide__why-not" }, leaf.excluded.map(function (e) {
      var q = this.questions[e.question];
      var m = this.data.info[e.method];
      return el("li", { "data-method": e.method }, [
        this.link(m.url, m.name), ": " + this.data.reasons[e.reason] + this.ui.sentence,
        el("span", { "class": "decide__by",
                     text: fill(this.ui.excluded_by, { question: q.text, answer: q.answers[e.answer] }) })
      ]);
    }, this)));
    parts.push(el("p", {}, [this.link(this.query(state.path) || "?v=" + VERSION, this.ui.link)]));
    return el("section", { "class": "decide__result" }, parts);
  };

  // For an empty result: each other answer to each question the leaf names, with what walking
  // the tree with that one answer changed gives (a result, or one more question to answer).
  Widget.prototype.renderReconsider = function (path, keys) {
    var given = {};
    path.forEach(function (step) { given[step[0]] = step[1]; });
    var items = [];
    keys.forEach(function (key) {
      var q = this.questions[key];
      q.order.forEach(function (a) {
        if (a.key === given[key]) return;
        var changed = {};
        Object.keys(given).forEach(function (k) { changed[k] = given[k]; });
        changed[key] = a.key;
        var walked = this.walkWith(changed, null);
        var names = walked.pending ? [] : walked.node.recommend;
        if (!walked.pending && !names.length) return;
        items.push(el("li", {}, [
          el("button", { type: "button", "class": "md-button",
                         text: fill(this.ui.reconsider_button, { question: q.text, answer: a.text }),
                         onclick: this.choose.bind(this, key, a.key) }),
          names.length ? " " + fill(this.ui.would_leave, { names: names.map(this.name, this).join(this.ui.sep) }) : null
        ]));
      }, this);
    }, this);
    return el("div", { "class": "decide__reconsider" }, [
      el("p", { text: this.ui.reconsider }), el("ul", {}, items)
    ]);
  };

  Widget.prototype.start = function () {
    this.status = el("p", { "class": "decide__status", role: "status", "aria-live": "polite" });
    this.body = el("div");
    this.root.textContent = "";
    this.root.appendChild(this.body);
    this.root.appendChild(this.status);
    this.answers = this.readUrl();
    this.update(false);
    this.root.hidden = false;
  };

  Widget.prototype.restore = function () {
    this.answers = this.readUrl();
    this.editing = null;
    this.update(false);
  };

  // A decision-tree.json document in one language: every {en, ja} text becomes its `lang` string.
  function localize(value, lang, languages) {
    if (Array.isArray(value)) return value.map(function (v) { return localize(v, lang, languages); });
    if (value === null || typeof value !== "object") return value;
    var keys = Object.keys(value);
    if (keys.length === languages.length && languages.every(function (code) {
      return typeof value[code] === "string";
    })) return value[lang];
    var out = {};
    keys.forEach(function (k) { out[k] = localize(value[k], lang, languages); });
    return out;
  }

  // The widget's data: the published tree in the page's language, with the page's own additions.
  function widgetData(doc, extra) {
    var data = localize(doc, extra.lang, extra.languages);
    data.questions.forEach(function (q) { q.help = has(extra.help, q.key) ? extra.help[q.key] : null; });
    data.info = extra.info;
    data.bastion = extra.bastion;
    data.ui = extra.ui;
    return data;
  }

  // Without the tree the widget cannot ask: hide it and open the outline, which is the page then.
  function stepAside(root) {
    root.hidden = true;
    Array.prototype.forEach.call(document.querySelectorAll("details.decide-outline"),
      function (details) { details.open = true; });
  }

  function start(root, data) {
    if (!document.body.contains(root)) return; // the reader has moved on (instant navigation)
    current = new Widget(root, data);
    current.start();
    root.setAttribute("data-ready", "true");
    // The outline stays one click away under its summary; the widget is the page now.
    Array.prototype.forEach.call(document.querySelectorAll("details.decide-outline"),
      function (details) { details.open = false; });
  }

  function init() {
    var roots = document.querySelectorAll("[data-decide]");
    Array.prototype.forEach.call(roots, function (root) {
      // data-loading: never twice on one container; data-ready (in start): the widget is live.
      if (root.hasAttribute("data-loading")) return;
      root.setAttribute("data-loading", "");
      var extra;
      try {
        extra = JSON.parse(root.getAttribute("data-widget"));
      } catch (err) {
        stepAside(root);
        return;
      }
      fetch(new URL(extra.tree, window.location.href).href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        // Only a failed fetch steps aside: an error in the widget itself must still show.
        .then(function (doc) { start(root, widgetData(doc, extra)); },
              function () { stepAside(root); });
    });
  }

  function sameAnswers(a, b) {
    var keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(function (k) { return b[k] === a[k]; });
  }

  window.addEventListener("popstate", function () {
    // A skip link or a #section link changes only the hash: keep the widget, and the focus, as is.
    if (current && document.body.contains(current.root) &&
        !sameAnswers(current.readUrl(), current.answers)) current.restore();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
