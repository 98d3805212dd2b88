/*
 * /decide/ widget: asks one question at a time by walking the tree that macros/render_decide.py
 * embeds in the container's data-tree attribute. The tree is computed at build time; this file
 * holds no decision logic, only the walk, the display and the address bar.
 *
 * Data (see widget_data() in macros/render_decide.py): questions, methods {name, url}, exclusions
 * [method, question, answer, reason], nodes (nodes[0] is the root; an ask node maps each answer
 * to [child index, exclusion indexes]; a leaf has recommend), reconsider {path: [entry indexes]}
 * and reconsider_entries for leaves with no method, and ui strings in the page's language.
 *
 * State lives in the query string, as the product spec says: ?v=1&os=linux&ui=terminal, written
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
    data.questions.forEach(function (q) {
      var answers = {};
      q.answers.forEach(function (a) { answers[a[0]] = a[1]; });
      this.questions[q.key] = { text: q.text, help: q.help, answers: answers, order: q.answers };
    }, this);
    this.answers = {};
    this.editing = null;
  }

  // The answers the address holds; unknown keys, unknown values and other versions are ignored.
  Widget.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var answers = {};
    if (params.has("v") && params.get("v") !== VERSION) return answers;
    Object.keys(this.questions).forEach(function (key) {
      var value = params.get(key);
      if (value !== null && has(this.questions[key].answers, value)) answers[key] = value;
    }, this);
    return answers;
  };

  // Follow the stored answers from the root; stop at the question being changed, if any.
  Widget.prototype.walk = function () {
    var nodes = this.data.nodes;
    var node = nodes[0];
    var path = [];
    var excluded = [];
    while (has(node, "ask")) {
      var answer = this.answers[node.ask];
      if (node.ask === this.editing || !has(node.answers, answer)) {
        return { path: path, node: node, excluded: excluded, pending: node.ask };
      }
      var edge = node.answers[answer];
      path.push([node.ask, answer]);
      excluded = excluded.concat(edge[1]);
      node = nodes[edge[0]];
    }
    // Exclusions are numbered in the order the JSON lists them; sorting restores that order.
    excluded.sort(function (a, b) { return a - b; });
    return { path: path, node: node, excluded: excluded, pending: null };
  };

  Widget.prototype.query = function (path) {
    if (!path.length) return "";
    return "?v=" + VERSION + path.map(function (step) {
      return "&" + encodeURIComponent(step[0]) + "=" + encodeURIComponent(step[1]);
    }).join("");
  };

  Widget.prototype.writeUrl = function (path, push) {
    var url = window.location.pathname + this.query(path);
    if (url === window.location.pathname + window.location.search) return;
    // A null state tells Material's instant navigation that this entry is ours to restore.
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(window.history.state, "", url);
  };

  Widget.prototype.choose = function (key, answer) {
    this.answers[key] = answer;
    this.editing = null;
    this.update(true);
  };

  Widget.prototype.change = function (key) {
    this.editing = key;
    this.update(true);
  };

  Widget.prototype.startOver = function () {
    this.answers = {};
    this.editing = null;
    this.update(true);
  };

  // Render, keep the address in step, and (after a user action) move focus and announce.
  Widget.prototype.update = function (byUser) {
    var state = this.walk();
    this.render(state);
    if (!this.editing) this.writeUrl(state.path, byUser);
    if (!byUser) return;
    var heading = this.body.querySelector("[data-focus]");
    if (heading) heading.focus();
    this.announce(state);
  };

  Widget.prototype.announce = function (state) {
    var text = "";
    if (!state.pending) {
      var ids = state.node.recommend;
      text = ids.length ? fill(this.ui.announce, {
        count: String(ids.length),
        names: ids.map(this.name, this).join(this.ui.sep)
      }) : this.ui.none;
    }
    this.status.textContent = text;
  };

  Widget.prototype.name = function (id) {
    return this.data.methods[id].name;
  };

  Widget.prototype.render = function (state) {
    var body = el("div", { "class": "decide__body" }, [
      state.path.length ? this.renderPath(state.path) : null,
      state.pending ? this.renderQuestion(state.pending) : this.renderResult(state),
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
      var chosen = this.editing === key && this.answers[key] === a[0];
      return el("button", {
        type: "button", "data-answer": a[0],
        "class": "md-button" + (chosen ? " md-button--primary" : ""),
        onclick: this.choose.bind(this, key, a[0])
      }, [a[1], chosen ? el("span", { "class": "decide__current", text: " " + this.ui.current }) : null]);
    }, this);
    return el("fieldset", { "class": "decide__question", "data-question": key,
                            "aria-describedby": helpId }, [
      el("legend", {}, [el("h2", { tabindex: "-1", "data-focus": "", text: q.text })]),
      el("p", { id: helpId, "class": "decide__help", text: q.help }),
      el("div", { "class": "decide__answers" }, buttons)
    ]);
  };

  Widget.prototype.renderResult = function (state) {
    var ids = state.node.recommend;
    var parts = [el("h2", { tabindex: "-1", "data-focus": "", text: this.ui.result })];
    if (ids.length) {
      parts.push(el("ol", { "class": "decide__recommend" }, ids.map(function (id) {
        var m = this.data.methods[id];
        return el("li", { "data-method": id }, [
          el("a", { href: m.url, text: m.name }), " (",
          el("a", { href: m.url + "#how-to-connect", text: this.ui.how }), ")"
        ]);
      }, this)));
    } else {
      parts.push(el("p", { "class": "decide__none", text: this.ui.none }));
      parts.push(this.renderReconsider(state.path));
    }
    if (state.excluded.length) parts.push(el("h3", { text: this.ui.why_not }));
    if (state.excluded.length) parts.push(el("ul", { "class": "decide__why-not" }, state.excluded.map(function (index) {
      var e = this.data.exclusions[index];
      var q = this.questions[e[1]];
      var m = this.data.methods[e[0]];
      return el("li", { "data-method": e[0] }, [
        el("a", { href: m.url, text: m.name }), ": " + e[3] + this.ui.sentence,
        el("span", { "class": "decide__by",
                     text: fill(this.ui.excluded_by, { question: q.text, answer: q.answers[e[2]] }) })
      ]);
    }, this)));
    parts.push(el("p", {}, [el("a", { href: this.query(state.path) || "?v=" + VERSION,
                                      text: this.ui.link })]));
    return el("section", { "class": "decide__result" }, parts);
  };

  Widget.prototype.renderReconsider = function (path) {
    var key = path.map(function (step) { return step[0] + "=" + step[1]; }).join("&");
    var indexes = has(this.data.reconsider, key) ? this.data.reconsider[key] : [];
    var items = [];
    indexes.forEach(function (index) {
      var entry = this.data.reconsider_entries[index];
      var q = this.questions[entry[0]];
      entry[2].forEach(function (instead) {
        items.push(el("li", {}, [
          el("button", { type: "button", "class": "md-button",
                         text: fill(this.ui.reconsider_button,
                                    { question: q.text, answer: q.answers[instead[0]] }),
                         onclick: this.choose.bind(this, entry[0], instead[0]) }), " ",
          fill(this.ui.would_leave, { names: instead[1].map(this.name, this).join(this.ui.sep) })
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

  function init() {
    var roots = document.querySelectorAll("[data-decide]");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "true");
      var data;
      try {
        data = JSON.parse(root.getAttribute("data-tree"));
      } catch (err) {
        return; // keep the outline as the page; the container stays hidden
      }
      current = new Widget(root, data);
      current.start();
      // The outline stays one click away under its summary; the widget is the page now.
      Array.prototype.forEach.call(document.querySelectorAll("details.decide-outline"),
        function (details) { details.open = false; });
    });
  }

  window.addEventListener("popstate", function () {
    if (current && document.body.contains(current.root)) current.restore();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
