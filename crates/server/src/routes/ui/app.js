// paydesk's web UI: the simulation report, the ticket inbox with approvals,
// and one customer's payments. Plain DOM, no framework; every text from the
// API goes in through textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const badge = (text) => el("span", { class: "badge " + (text || "") }, text ?? "–");

function token() {
  return sessionStorage.getItem("paydesk.token") || "";
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (token()) headers.Authorization = "Bearer " + token();
  if (options.body) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && body.error ? `${body.error.code}: ${body.error.detail}` : response.statusText;
    throw new Error(`${response.status} ${detail}`);
  }
  return body;
}

function status(id, text, isError) {
  const node = $(id);
  node.textContent = text || "";
  node.classList.toggle("error", Boolean(isError));
}

// Amounts are minor units of their currency (JPY has none).
function money(amount, currency) {
  if (amount === null || amount === undefined) return "–";
  const code = String(currency || "").toUpperCase();
  try {
    const format = new Intl.NumberFormat("en", { style: "currency", currency: code });
    const digits = format.resolvedOptions().maximumFractionDigits;
    return format.format(amount / 10 ** digits);
  } catch {
    return `${amount} ${currency}`;
  }
}

function when(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  return new Date(seconds * 1000).toISOString().replace("T", " ").replace(".000Z", " UTC");
}

function table(node, head, rows) {
  node.replaceChildren(
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { class: h.num ? "num" : "" }, h.label)))),
    el("tbody", {}, rows),
  );
}

const col = (label, num) => ({ label, num });

// --- Simulation ------------------------------------------------------------

let decisions = [];

function describeAction(a) {
  switch (a.type) {
    case "refund": return `refund ${money(a.amount, a.currency)} of ${a.charge}`;
    case "cancel_subscription": return `cancel ${a.subscription}${a.at_period_end ? " at period end" : " now"}`;
    case "send_invoice": return `send ${a.invoice || a.charge}`;
    case "payment_update_link": return `card-update link${a.invoice ? " for " + a.invoice : ""}`;
    default: return a.type;
  }
}

function breakdown(node, title, groups) {
  const rows = Object.entries(groups || {}).map(([name, g]) => el("tr", {},
    el("td", {}, name), el("td", { class: "num" }, g.count),
    el("td", { class: "num" }, g.count ? Math.round((100 * g.resolved) / g.count) + "%" : "–"),
    el("td", { class: "num" }, g.escalated), el("td", { class: "num" }, g.needs_info)));
  table(node, [col(title), col("tickets", 1), col("resolved", 1), col("escalated", 1), col("needs info", 1)], rows);
}

function renderReport(report) {
  const t = report.tickets || {};
  const refunded = Object.entries(report.refunded || {}).map(([c, v]) => money(v, c)).join(", ") || "nothing";
  const cards = [
    ["automation rate", Math.round(1000 * (report.automation_rate || 0)) / 10 + "%"],
    ["tickets", t.count], ["resolved", t.resolved], ["escalated", t.escalated],
    ["asked for more", t.needs_info], ["refunded", refunded],
  ];
  $("sim-summary").replaceChildren(...cards.map(([label, value]) =>
    el("div", { class: "card", "data-figure": label }, el("b", {}, value ?? "–"), label)));
  breakdown($("sim-intents"), "intent", report.per_intent);
  breakdown($("sim-languages"), "language", report.per_language);
}

function fillFilter(id, values) {
  const select = $(id);
  const first = select.options[0];
  select.replaceChildren(first, ...[...new Set(values)].sort().map((v) => el("option", {}, v)));
}

function decisionDetail(d) {
  return el("div", { class: "detail" },
    el("div", {}, el("h4", {}, `Reply (${d.language})`), el("pre", {}, d.reply || "(none)")),
    el("div", {}, el("h4", {}, "Reply in English, for the reviewer"), el("pre", {}, d.reply_en || "")),
    el("div", {}, el("h4", {}, "Actions"),
      d.actions.length ? el("ul", {}, d.actions.map((a) => el("li", {}, describeAction(a)))) : "none"),
    el("div", {}, el("h4", {}, "Why"), el("ul", {}, (d.reasons || []).map((r) => el("li", {}, r)))));
}

function renderDecisions() {
  const outcome = $("f-outcome").value, intent = $("f-intent").value, language = $("f-language").value;
  const text = $("f-text").value.trim().toLowerCase();
  const shown = decisions.filter((d) =>
    (!outcome || d.outcome === outcome) && (!intent || d.intent === intent) &&
    (!language || d.language === language) &&
    (!text || JSON.stringify(d).toLowerCase().includes(text)));
  $("f-count").textContent = `${shown.length} of ${decisions.length} tickets`;
  const rows = [];
  for (const d of shown) {
    const detail = el("tr", { class: "expanded", hidden: "" }, el("td", { colspan: 8 }, decisionDetail(d)));
    rows.push(el("tr", { class: "row", "data-ticket": d.ticket_id, onclick: () => detail.toggleAttribute("hidden") },
      el("td", {}, d.ticket_id), el("td", {}, d.language), el("td", {}, d.intent),
      el("td", { class: "num" }, (d.confidence ?? 0).toFixed(2)), el("td", {}, badge(d.outcome)),
      el("td", {}, d.team || ""), el("td", {}, d.actions.map(describeAction).join("; ")),
      el("td", { class: "why" }, (d.reasons || [])[1] || "")), detail);
  }
  table($("sim-decisions"), [col("ticket"), col("language"), col("intent"), col("confidence", 1),
    col("outcome"), col("team"), col("actions"), col("why")], rows);
}

async function loadSimulation() {
  status("sim-status", "loading…");
  try {
    const sim = await api("/api/simulation");
    decisions = sim.decisions || [];
    if (sim.report) renderReport(sim.report);
    fillFilter("f-outcome", decisions.map((d) => d.outcome));
    fillFilter("f-intent", decisions.map((d) => d.intent));
    fillFilter("f-language", decisions.map((d) => d.language));
    renderDecisions();
    status("sim-status", `${decisions.length} decisions from ${sim.source}`);
  } catch (e) {
    status("sim-status", `No simulation to show (${e.message}). Run paydesk simulate --out … --report-json … and set ui.simulation_decisions and ui.simulation_report.`, true);
  }
}

// --- Tickets ---------------------------------------------------------------

async function act(path, body, ticketId) {
  try {
    await api(path, { method: "POST", body: JSON.stringify(body) });
    await showTicket(ticketId);
    await loadTickets();
  } catch (e) {
    status("t-status-line", e.message, true);
  }
}

function decisionBlock(ticket, d) {
  const base = `/api/tickets/${encodeURIComponent(ticket.id)}/decisions/${encodeURIComponent(d.id)}`;
  const by = "web UI";
  const buttons = d.state === "proposed" ? el("div", { class: "filters" },
    el("button", { class: "primary", onclick: () => act(base + "/approve", { by }, ticket.id) }, "Approve"),
    el("button", { onclick: () => act(base + "/reject", { by, reason: prompt("Why reject?") || "" }, ticket.id) }, "Reject"),
  ) : null;
  return el("div", { class: "message note" },
    el("b", {}, `Decision ${d.id} `), badge(d.state), ` mode ${d.mode}`, buttons, decisionDetail(d.decision));
}

async function showTicket(id) {
  try {
    const t = await api(`/api/tickets/${encodeURIComponent(id)}`);
    const reply = el("textarea", { rows: 3, cols: 80, placeholder: "Reply as a person (the agent then keeps out of this ticket)" });
    $("t-detail").replaceChildren(
      el("h3", {}, `${t.subject || "(no subject)"} `, badge(t.status), t.team ? ` ${t.team}` : ""),
      el("p", { class: "hint" }, `${t.id} · ${t.name || ""} ${t.email || ""} · ${t.customer || "no Stripe customer"} · links: ${(t.links || []).join(", ") || "none"}${t.agent_paused ? " · agent paused" : ""}`),
      t.messages.map((m) => el("div", { class: "message " + m.author },
        el("b", {}, `${m.author}${m.by ? " (" + m.by + ")" : ""} · ${when(m.at)}`), el("pre", {}, m.body))),
      (t.decisions || []).map((d) => decisionBlock(t, d)),
      el("div", {}, reply, el("br"), el("button", { onclick: () => act(`/api/tickets/${encodeURIComponent(t.id)}/reply`, { body: reply.value, by: "web UI" }, t.id) }, "Send reply")));
  } catch (e) {
    status("t-status-line", e.message, true);
  }
}

async function loadTickets() {
  const filter = $("t-status").value;
  try {
    const list = await api("/api/tickets?limit=200" + (filter ? "&status=" + filter : ""));
    const rows = list.tickets.map((t) => el("tr", { class: "row", onclick: () => showTicket(t.id) },
      el("td", {}, t.id), el("td", {}, badge(t.status)), el("td", {}, t.team || ""),
      el("td", {}, t.subject || ""), el("td", {}, t.customer || ""), el("td", {}, (t.tags || []).join(", ")),
      el("td", {}, when(t.created_at))));
    table($("t-list"), [col("ticket"), col("status"), col("team"), col("subject"), col("customer"), col("tags"), col("created")], rows);
    status("t-status-line", `${list.tickets.length} tickets`);
  } catch (e) {
    status("t-status-line", `${e.message}${token() ? "" : " (enter a token from api.tokens above)"}`, true);
  }
}

// --- Customer --------------------------------------------------------------

function section(title, head, rows) {
  const t = el("table", { class: "list" });
  table(t, head.map((h) => col(h)), rows);
  return [el("h3", {}, title), rows.length ? t : el("p", { class: "hint" }, "none")];
}

async function showCustomer(event) {
  if (event) event.preventDefault();
  const key = $("c-key").value.trim();
  const asOf = $("c-asof").value;
  const query = asOf ? "?as_of=" + encodeURIComponent(new Date(asOf + "Z").toISOString().replace(".000Z", "Z")) : "";
  status("c-status", "loading…");
  try {
    const h = await api(`/api/customers/${encodeURIComponent(key)}${query}`);
    $("c-result").replaceChildren(
      el("p", {}, el("b", {}, h.customer.name || "(no name)"), ` ${h.customer.email || ""} · ${h.customer.id || "guest"}`),
      section("Charges", ["id", "amount", "status", "created", "refunded", "disputed", "order", "card"],
        h.charges.map((c) => el("tr", {}, el("td", {}, c.id), el("td", {}, money(c.amount, c.currency)), el("td", {}, badge(c.status)),
          el("td", {}, when(c.created)), el("td", {}, money(c.amount_refunded, c.currency)), el("td", {}, c.disputed ? "yes" : ""),
          el("td", {}, c.order_id || ""), el("td", {}, c.last4 ? "•••• " + c.last4 : "")))),
      section("Refunds", ["id", "charge", "amount", "status", "created"],
        h.refunds.map((r) => el("tr", {}, el("td", {}, r.id), el("td", {}, r.charge), el("td", {}, money(r.amount, r.currency)),
          el("td", {}, badge(r.status)), el("td", {}, when(r.created))))),
      section("Disputes", ["id", "charge", "amount", "status", "reason", "evidence due"],
        h.disputes.map((d) => el("tr", {}, el("td", {}, d.id), el("td", {}, d.charge), el("td", {}, money(d.amount, d.currency)),
          el("td", {}, badge(d.status)), el("td", {}, d.reason || ""), el("td", {}, when(d.due_by))))),
      section("Subscriptions", ["id", "status", "cancel at period end", "canceled", "period ends"],
        h.subscriptions.map((s) => el("tr", {}, el("td", {}, s.id), el("td", {}, badge(s.status)),
          el("td", {}, s.cancel_at_period_end ? "yes" : ""), el("td", {}, when(s.canceled_at)), el("td", {}, when(s.current_period_end))))),
      section("Invoices", ["id", "status", "due", "paid", "attempts", "next attempt", "link"],
        h.invoices.map((i) => el("tr", {}, el("td", {}, i.id), el("td", {}, badge(i.status)), el("td", {}, money(i.amount_due, i.currency)),
          el("td", {}, money(i.amount_paid, i.currency)), el("td", {}, i.attempt_count ?? ""), el("td", {}, when(i.next_payment_attempt)),
          el("td", {}, i.hosted_invoice_url && /^https:\/\//.test(i.hosted_invoice_url)
            ? el("a", { href: i.hosted_invoice_url, rel: "noopener noreferrer", target: "_blank" }, "invoice") : "")))));
    status("c-status", asOf ? `as of ${asOf} UTC` : "as of now");
  } catch (e) {
    $("c-result").replaceChildren();
    status("c-status", e.message, true);
  }
}

// --- Start -----------------------------------------------------------------

// `#customer/KEY` opens one customer's payments (a helpdesk sidebar can link there).
function showTab() {
  const [name, key] = (location.hash || "#simulation").slice(1).split("/");
  if (name === "customer" && key) {
    $("c-key").value = decodeURIComponent(key);
    showCustomer();
  }
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.id === name);
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.dataset.tab === name);
  if (name === "tickets") loadTickets();
}

document.addEventListener("DOMContentLoaded", () => {
  $("token").value = token();
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem("paydesk.token", $("token").value.trim());
    loadSimulation();
    showTab();
  });
  for (const id of ["f-outcome", "f-intent", "f-language"]) $(id).addEventListener("change", renderDecisions);
  $("f-text").addEventListener("input", renderDecisions);
  $("t-status").addEventListener("change", loadTickets);
  $("t-refresh").addEventListener("click", loadTickets);
  $("c-form").addEventListener("submit", showCustomer);
  window.addEventListener("hashchange", showTab);
  showTab();
  loadSimulation();
});
