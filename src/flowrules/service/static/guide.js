// The call guide: pick ordning and henvendelse, answer the interview's
// questions one at a time, show the decision. Talks only to this service
// (POST /v1/interview). Every rule text shown comes from the API's answers or
// from the names the page was rendered with; the page writes text with
// textContent only, never as HTML.
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("guide-data").textContent);
  const names = data.names;
  const $ = (id) => document.getElementById(id);
  const state = { call: {}, answered: [], question: null };

  // ---- small DOM helpers -------------------------------------------------
  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function show(section) {
    for (const id of ["interview", "decision"]) $(id).hidden = id !== section;
  }
  function unitName(id) {
    return (names.units && names.units[id]) || id;
  }
  function stepName(id) {
    return (names.steps && names.steps[id]) || id;
  }
  function resolutionName(id) {
    return (names.resolutions && names.resolutions[id]) || id;
  }

  // ---- the start form -----------------------------------------------------
  function fillCallTypes() {
    const select = $("henvendelse");
    const ordning = data.ordninger.find((o) => o.pack === $("ordning").value);
    clear(select);
    if (!ordning) {
      select.appendChild(el("option", "Vælg først ordning", { value: "" }));
      select.disabled = true;
      $("henvendelse-help").textContent = "";
      return;
    }
    select.appendChild(el("option", "Vælg henvendelse", { value: "" }));
    for (const t of ordning.call_types) {
      select.appendChild(el("option", t.label, { value: t.value }));
    }
    select.disabled = false;
    $("henvendelse-help").textContent = ordning.henvendelse_label;
  }

  function localNow() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return (
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
      `T${pad(d.getHours())}:${pad(d.getMinutes())}`
    );
  }

  function start(event) {
    event.preventDefault();
    const ordning = $("ordning").value;
    const henvendelse = $("henvendelse").value;
    const modtaget = $("modtaget").value;
    const missing = [];
    if (!ordning) missing.push("ordning");
    if (!henvendelse) missing.push("henvendelse");
    if (!modtaget) missing.push("opkaldets tidspunkt");
    if (missing.length) {
      $("start-error").textContent = "Udfyld " + missing.join(", ") + ".";
      $(missing[0] === "opkaldets tidspunkt" ? "modtaget" : missing[0]).focus();
      return;
    }
    $("start-error").textContent = "";
    const seconds = modtaget.length === 16 ? ":00" : "";
    state.call = { ordning, henvendelse, modtaget: modtaget + seconds };
    state.answered = [];
    ask($("start-error"));
  }

  // ---- talking to the service --------------------------------------------
  async function post(path, body) {
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
    } catch (err) {
      return { ok: false, status: 0, body: null };
    }
    let parsed = null;
    try {
      parsed = await response.json();
    } catch (err) {
      parsed = null;
    }
    return { ok: response.ok, status: response.status, body: parsed };
  }

  function problemText(result) {
    if (result.status === 0) return "Tjenesten svarer ikke. Prøv igen.";
    if (result.status === 503) return "Regelpakkerne indlæses. Prøv igen om et øjeblik.";
    const problems = (result.body && result.body.problems) || [];
    if (!problems.length) return "Svaret kunne ikke bruges (" + result.status + ").";
    const parts = problems.map((p) => {
      let line = (p.field || "opkaldet") + ": " + p.message;
      if (p.allowed && p.allowed.length) line += " (" + p.allowed.join(", ") + ")";
      return line;
    });
    return "Svaret kunne ikke bruges: " + parts.join("; ");
  }

  // The next step for the call so far: a question or the decision.
  async function ask(errorTarget) {
    const result = await post("/v1/interview", state.call);
    if (!result.ok || !result.body) {
      errorTarget.textContent = problemText(result);
      return;
    }
    const step = readStep(result.body);
    if (step.decision) showDecision(step.decision);
    else showQuestion(step.question);
  }

  // ---- one question -------------------------------------------------------
  // The InterviewStep as the page uses it (flowrules.InterviewStep: done,
  // decision, question {fact, text, type, description, answers [{value,
  // label, criterion}], unknown_allowed, unknown_label}, possible, missing).
  function readStep(step) {
    if (step.done && step.decision) return { decision: step.decision };
    const q = step.question || {};
    return {
      question: {
        fact: q.fact,
        text: q.text,
        type: q.type,
        description: q.description || "",
        answers: q.answers || [],
        unknownAllowed: Boolean(q.unknown_allowed),
        unknownLabel: q.unknown_label || "Ved ikke",
      },
    };
  }

  function showQuestion(question) {
    state.question = question;
    show("interview");
    $("question-error").textContent = "";
    renderAnswered();
    $("question").dataset.fact = question.fact;
    $("question").dataset.type = question.type;
    $("question-text").textContent = question.text;
    $("question-description").textContent = question.description;
    const box = $("question-answers");
    clear(box);
    let first = null;
    if (question.answers.length) {
      question.answers.forEach((a, i) => {
        const button = el("button", a.label, { type: "button", class: "answer" });
        button.dataset.value = JSON.stringify(a.value);
        button.addEventListener("click", () => answer(a.value, a.label));
        if (a.criterion) {
          const wrap = el("div", null, { class: "choice" });
          const why = el("p", a.criterion, { class: "criterion", id: "criterion-" + i });
          button.setAttribute("aria-describedby", "criterion-" + i);
          wrap.appendChild(button);
          wrap.appendChild(why);
          box.appendChild(wrap);
        } else {
          box.appendChild(button);
        }
        first = first || button;
      });
    } else {
      const input = el("input", null, {
        id: "answer-input",
        type: { date: "date", datetime: "datetime-local", int: "number" }[question.type] || "text",
        "aria-labelledby": "question-text",
      });
      if (question.type === "int") input.setAttribute("step", "1");
      const next = el("button", "Næste", { type: "submit", class: "answer" });
      box.appendChild(input);
      box.appendChild(next);
      first = input;
    }
    if (question.unknownAllowed) {
      const label = question.unknownLabel;
      const unknown = el("button", label, { type: "button", class: "answer unknown" });
      unknown.addEventListener("click", () => answer(null, label));
      box.appendChild(unknown);
    }
    if (first) first.focus();
  }

  function typedAnswer(event) {
    event.preventDefault();
    const input = $("answer-input");
    if (!input || !state.question) return;
    const raw = input.value.trim();
    if (!raw) {
      $("question-error").textContent = state.question.unknownAllowed
        ? "Skriv et svar, eller vælg " + state.question.unknownLabel + "."
        : "Skriv et svar.";
      input.focus();
      return;
    }
    let value = raw;
    if (state.question.type === "int") value = Number(raw);
    if (state.question.type === "datetime" && raw.length === 16) value = raw + ":00";
    answer(value, raw);
  }

  async function answer(value, label) {
    const question = state.question;
    const before = Object.prototype.hasOwnProperty.call(state.call, question.fact);
    const previous = state.call[question.fact];
    state.call[question.fact] = value;
    const result = await post("/v1/interview", state.call);
    if (!result.ok || !result.body) {
      if (before) state.call[question.fact] = previous;
      else delete state.call[question.fact];
      $("question-error").textContent = problemText(result);
      const input = $("answer-input");
      (input || $("question-answers").querySelector("button") || $("interview-heading")).focus();
      return;
    }
    state.answered.push({ text: question.text, label });
    const step = readStep(result.body);
    if (step.decision) showDecision(step.decision);
    else showQuestion(step.question);
  }

  function renderAnswered() {
    const list = $("answered");
    clear(list);
    $("answered-block").hidden = state.answered.length === 0;
    for (const a of state.answered) {
      const item = el("li");
      item.appendChild(el("span", a.text + " ", { class: "q" }));
      item.appendChild(el("strong", a.label));
      list.appendChild(item);
    }
  }

  // ---- the decision -------------------------------------------------------
  function showDecision(d) {
    show("decision");
    renderAnswered();
    $("notice").textContent = d.notice;
    $("action-text").textContent = d.action_text;
    const routing = $("routing");
    clear(routing);
    const row = (term, value) => {
      routing.appendChild(el("dt", term));
      routing.appendChild(el("dd", value));
    };
    row("Afklaring", resolutionName(d.resolution));
    if (d.transfer_to) row("Omstil til", unitName(d.transfer_to));
    if (d.refer_to) row("Henvis til", unitName(d.refer_to));
    for (const u of d.also_refer_to || []) row("Henvis også til", unitName(u));
    renderAlternatives(d);
    const steps = $("steps");
    clear(steps);
    d.steps.forEach((s, i) => {
      const item = el("li");
      const box = el("input", null, { type: "checkbox", id: "step-" + i });
      const label = el("label", stepName(s), { for: "step-" + i });
      item.appendChild(box);
      item.appendChild(label);
      steps.appendChild(item);
    });
    $("wording").textContent = d.wording;
    $("macro").textContent = d.journal_macro;
    $("copy-status").textContent = "";
    const sources = $("sources");
    clear(sources);
    for (const s of d.sources) {
      const item = el("li");
      item.appendChild(el("span", s.document + ", " + s.section + ": "));
      item.appendChild(el("q", s.quote));
      sources.appendChild(item);
    }
    $("rule-ref").textContent = "Regel: " + d.rule_id + " (" + d.pack + "@" + d.pack_version + ")";
    $("decision").dataset.ruleId = d.rule_id;
    $("decision-heading").focus();
  }

  // A grænseflade: both alternatives with their criterion; the choice made
  // (the call's valg) is marked, and while none is made each can be chosen.
  function renderAlternatives(d) {
    const block = $("alternatives-block");
    const list = $("alternatives");
    clear(list);
    const alternatives = d.alternatives || [];
    const chosen = d.call && d.call.valg;
    block.hidden = alternatives.length === 0;
    for (const alt of alternatives) {
      const value = alt.choice || alt.resolution;
      const title = alt.label || resolutionName(alt.resolution);
      const item = el("li", null, value === chosen ? { "aria-current": "true", class: "chosen" } : {});
      item.appendChild(el("strong", title));
      if (value === chosen) item.appendChild(el("span", " – valgt", { class: "chosen-mark" }));
      item.appendChild(el("p", alt.criterion, { class: "criterion" }));
      const unit = alt.transfer_to || alt.refer_to;
      if (unit) item.appendChild(el("p", (alt.transfer_to ? "Omstil til " : "Henvis til ") + unitName(unit)));
      if (!chosen) {
        const choose = el("button", "Vælg: " + title, { type: "button" });
        choose.addEventListener("click", () => chooseAlternative(value, title));
        item.appendChild(choose);
      }
      list.appendChild(item);
    }
  }

  async function chooseAlternative(value, title) {
    state.call.valg = value;
    state.answered.push({ text: "Valg ved grænsefladen:", label: title });
    const result = await post("/v1/interview", state.call);
    if (!result.ok || !result.body) {
      delete state.call.valg;
      state.answered.pop();
      $("copy-status").textContent = problemText(result);
      return;
    }
    const step = readStep(result.body);
    if (step.decision) showDecision(step.decision);
    else showQuestion(step.question);
  }

  async function copyMacro() {
    const text = $("macro").textContent;
    let copied = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch (err) {
        copied = false;
      }
    }
    if (!copied) {
      const area = el("textarea", null, { "aria-hidden": "true", class: "offscreen" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      copied = document.execCommand("copy");
      document.body.removeChild(area);
      $("copy-macro").focus();
    }
    $("copy-status").textContent = copied
      ? "Journalnotatet er kopieret."
      : "Kopiering lykkedes ikke; markér teksten og kopiér selv.";
  }

  // ---- starting again -----------------------------------------------------
  function restart() {
    state.call = {};
    state.answered = [];
    state.question = null;
    $("interview").hidden = true;
    $("decision").hidden = true;
    $("answered-block").hidden = true;
    $("start-form").reset();
    fillCallTypes();
    $("modtaget").value = localNow();
    $("start-error").textContent = "";
    $("ordning").focus();
  }

  // ---- wiring -------------------------------------------------------------
  $("ordning").addEventListener("change", fillCallTypes);
  $("start-form").addEventListener("submit", start);
  $("question-form").addEventListener("submit", typedAnswer);
  $("copy-macro").addEventListener("click", copyMacro);
  $("restart").addEventListener("click", restart);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented) {
      event.preventDefault();
      restart();
    }
  });
  $("modtaget").value = localNow();
  fillCallTypes();
  document.body.dataset.ready = "true";
})();
