/* nq03: pop-ups for the marks of the annotated report. The page reads without this script
   (each mark is a link to its table row); the script only adds the pop-ups. No network. */
(function () {
  "use strict";

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = make("a", null, text);
    a.href = href;
    return a;
  }

  function init() {
    var source = document.getElementById("nq-report-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var words = data.words;
    var pop = make("div", "nq-pop");
    pop.id = "nq-pop";
    pop.setAttribute("role", "dialog");
    pop.hidden = true;
    document.body.appendChild(pop);
    var current = null;
    var pinned = false;
    var timer = null;

    function addRow(dl, term, value) {
      if (!value) return;
      dl.appendChild(make("dt", null, term));
      dl.appendChild(make("dd", null, value));
    }

    function relationItem(id) {
      var r = data.relations[id];
      var li = make("li");
      if (!r) {
        li.textContent = id;
        return li;
      }
      var badge = make("span", "nq-badge nq-v-" + r["class"], r.verdict_short);
      badge.title = r.verdict_label;
      li.appendChild(badge);
      li.appendChild(document.createTextNode(" " + r.kind));
      var numbers = words.printed + ": " + r.printed;
      if (r.recomputed !== "–") numbers += " · " + words.recomputed + ": " + r.recomputed;
      if (r.implied !== "–") numbers += " · " + words.implied + ": " + r.implied;
      li.appendChild(make("div", null, numbers));
      if (r.explanation) li.appendChild(make("div", "nq-small", r.explanation));
      if (words.fold_technical) {
        var details = make("details", "nq-small");
        details.appendChild(make("summary", null, words.technical));
        details.appendChild(document.createTextNode(r.description));
        li.appendChild(details);
      } else {
        li.appendChild(make("div", "nq-small", words.technical + ": " + r.description));
      }
      var more = make("div", "nq-small");
      more.appendChild(link(r.href, words.see_check + " →"));
      li.appendChild(more);
      return li;
    }

    function figureContent(box, id) {
      var f = data.figures[id];
      if (!f) return;
      box.appendChild(make("h4", null, f.table));
      var dl = make("dl");
      addRow(dl, words.row, f.row);
      addRow(dl, words.column, f.column);
      addRow(dl, words.value, f.value);
      addRow(dl, words.location, f.location);
      box.appendChild(dl);
      if (f.again.length) box.appendChild(make("p", "nq-small", words.printed_again + " " + f.again.join(", ")));
      if (f.relations.length) {
        box.appendChild(make("p", null, words.relations + ":"));
        var ul = make("ul");
        f.relations.forEach(function (rid) { ul.appendChild(relationItem(rid)); });
        box.appendChild(ul);
      } else {
        box.appendChild(make("p", "nq-small", words.no_relation));
      }
      var p = make("p");
      p.appendChild(link(f.href, words.see_row + " →"));
      box.appendChild(p);
    }

    function fill(mark) {
      pop.textContent = "";
      var close = make("button", "nq-pop-close", "×");
      close.type = "button";
      close.setAttribute("aria-label", words.close);
      close.addEventListener("click", function () { hide(); mark.focus(); });
      pop.appendChild(close);
      if (mark.classList.contains("nq-fig")) {
        figureContent(pop, mark.id);
      }
      var restates = (mark.getAttribute("data-restates") || "").split(" ").filter(Boolean);
      restates.forEach(function (target) {
        var f = data.figures[target];
        var note = make("p", "nq-small");
        note.appendChild(document.createTextNode(words.again_of + " "));
        note.appendChild(link("#" + target, f ? f.location : target));
        pop.appendChild(note);
        if (!mark.classList.contains("nq-fig")) figureContent(pop, target);
      });
    }

    function place(mark) {
      var rect = mark.getBoundingClientRect();
      var width = pop.offsetWidth;
      var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
      var top = rect.bottom + window.scrollY + 6;
      var below = window.innerHeight - rect.bottom;
      if (below < Math.min(pop.offsetHeight, 320) && rect.top > below) {
        top = rect.top + window.scrollY - pop.offsetHeight - 6;
      }
      pop.style.left = left + "px";
      pop.style.top = Math.max(window.scrollY + 4, top) + "px";
    }

    function show(mark, pin) {
      clearTimeout(timer);
      if (current && current !== mark) current.classList.remove("nq-active");
      current = mark;
      pinned = pin;
      fill(mark);
      pop.hidden = false;
      place(mark);
      mark.classList.add("nq-active");
      mark.setAttribute("aria-expanded", "true");
    }

    function hide() {
      clearTimeout(timer);
      pop.hidden = true;
      pinned = false;
      if (current) {
        current.classList.remove("nq-active");
        current.setAttribute("aria-expanded", "false");
      }
      current = null;
    }

    var marks = document.querySelectorAll("a.nq-fig, a.nq-again");
    Array.prototype.forEach.call(marks, function (mark) {
      mark.setAttribute("data-title", mark.getAttribute("title") || "");
      mark.removeAttribute("title");
      mark.setAttribute("aria-haspopup", "dialog");
      mark.setAttribute("aria-controls", "nq-pop");
      mark.setAttribute("aria-expanded", "false");
      mark.addEventListener("click", function (event) {
        event.preventDefault();
        if (current === mark && pinned) hide();
        else show(mark, true);
      });
      mark.addEventListener("mouseenter", function () {
        if (!pinned) show(mark, false);
      });
      mark.addEventListener("mouseleave", function () {
        if (!pinned) timer = setTimeout(hide, 300);
      });
    });
    pop.addEventListener("mouseenter", function () { clearTimeout(timer); });
    pop.addEventListener("mouseleave", function () { if (!pinned) timer = setTimeout(hide, 300); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !pop.hidden) {
        var mark = current;
        hide();
        if (mark) mark.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!pinned || pop.contains(event.target)) return;
      if (event.target.closest && event.target.closest("a.nq-fig, a.nq-again")) return;
      hide();
    });
    window.addEventListener("resize", function () { if (current && !pop.hidden) place(current); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
