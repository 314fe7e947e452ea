"""`--format html`: one self-contained page (no network, no CDN) with the summary, a sortable,
filterable and paginated list of contradictions, and the articles they come from with each
claim marked in place. Data travels as JSON inside the page; a small script renders one page of
rows at a time, so thousands of contradictions stay responsive.
"""
from __future__ import annotations

import html
import json

from .explain import contrast_spans, previous_sentence

def _merge_spans(typed: list, heuristic: list) -> list:
    """The spans nli.contrast says carry the clash ("cue"), then the words both claims share
    ("shared") where they do not overlap a cue; sorted, as the page's highlighter needs."""
    out = [(s, e, "cue") for s, e in typed]
    if not typed:  # no typed span: the heuristic's own cue words
        out = [x for x in heuristic if x[2] == "cue"]
    out += [x for x in heuristic if x[2] == "shared" and all(x[1] <= s or x[0] >= e for s, e, _ in out)]
    kept: list = []
    for span in sorted(out):
        if not kept or span[0] >= kept[-1][1]:  # the highlighter needs disjoint spans
            kept.append(tuple(span))
    return kept


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232a;background:#f7f8fa}
header{background:#1d2b3a;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1400px;margin:auto}
.summary{display:flex;gap:14px;flex-wrap:wrap;margin:8px 0 16px}.summary div{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:8px 14px}
.summary b{display:block;font-size:20px}
.controls{display:flex;gap:12px;align-items:center;flex-wrap:wrap;background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px;margin-bottom:10px}
.controls input[type=search]{min-width:280px;padding:5px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #dde2e8;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap}th.sorted-asc:after{content:" ▲"}th.sorted-desc:after{content:" ▼"}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.src{color:#5b6673;font-size:12px}.claim a{color:inherit;text-decoration:none;border-bottom:1px dotted #8895a5}
mark{background:#ffe08a;padding:0 1px}.sentence{font-size:13px;color:#394450;margin-top:3px}mark.atom{background:none;font-weight:700;text-decoration:underline}b.atom{font-weight:700}mark.cue{background:#ffb3a7;font-weight:600}mark.shared{background:#d8ecff}.pager{margin:10px 0;display:flex;gap:8px;align-items:center}
.article{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:12px 16px;margin:14px 0;white-space:pre-wrap}
.article h3{margin:0 0 6px;white-space:normal}.article mark:target{background:#ff9f7a;outline:2px solid #d9480f}
.score{font-weight:600}.dir{color:#5b6673;font-size:12px}
"""

_JS = r"""
const DATA = JSON.parse(document.getElementById('report-data').textContent);
const rows = DATA.rows; let view = rows.slice(); let page = 0; const PER = 50;
let sortKey = 'score', sortDir = -1;
const $ = s => document.querySelector(s);
function dir(p){return p == null ? '—' : p.toFixed(2);}  // null: that direction was not judged
function esc(s){return String(s ?? '').replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));}
function highlight(t, spans){
  let out = '', pos = 0;
  for (const [s, e, kind] of spans || []) { out += esc(t.slice(pos, s)) + `<mark class="${kind}">` + esc(t.slice(s, e)) + '</mark>'; pos = e; }
  return out + esc(t.slice(pos));
}
function claimCell(r, side){
  const t = r['claim_'+side], a = r['article_'+side], title = r['title_'+side] || a;
  const anchor = 'c-' + r['claim_'+side+'_id'];
  const ctx = r['context_'+side] ? `<div class="src">context: ${esc(r['context_'+side])}</div>` : '';
  const sent = r['sentence_'+side];
  const inSentence = sent && sent !== t ? `<div class="sentence">${highlight(sent, (r['claim_spans_'+side] || []).map(([s, e]) => [s, e, 'atom']))}</div>` : '';
  const frame = [r['hedge_'+side], r['time_'+side]].filter(Boolean).map(esc).join(' · ');
  return `<div class="claim"><a href="#${esc(anchor)}" title="show in article">${highlight(t, r['spans_'+side])}</a></div>${inSentence}` +
         (frame ? `<div class="src">${frame}</div>` : '') +
         `<div class="src">${r['speaker_'+side] ? 'says <b>' + esc(r['speaker_'+side]) + '</b> · ' : ''}${esc(title)} · chars ${r['start_'+side]}–${r['end_'+side]}${r['source_'+side] ? ' · '+esc(r['source_'+side]) : ''}</div>${ctx}`;
}
function apply(){
  const q = $('#q').value.toLowerCase(), min = parseFloat($('#min').value), rel = $('#rel').value;
  $('#minv').textContent = min.toFixed(2);
  view = rows.filter(r => r.score >= min && (rel === 'any' || r.relation === rel) &&
     (!q || (r.claim_a + ' ' + r.claim_b + ' ' + (r.title_a||'') + ' ' + (r.title_b||'') + ' ' + r.article_a + ' ' + r.article_b).toLowerCase().includes(q)));
  view.sort((x, y) => (x[sortKey] > y[sortKey] ? 1 : x[sortKey] < y[sortKey] ? -1 : 0) * sortDir);
  page = 0; render();
}
function render(){
  const pages = Math.max(1, Math.ceil(view.length / PER)); page = Math.min(page, pages - 1);
  const slice = view.slice(page * PER, page * PER + PER);
  $('#rows').innerHTML = slice.map(r => `<tr data-rank="${r.rank}">
    <td class="num">${r.rank}</td>
    <td class="num"><span class="score">${r.score.toFixed(3)}</span><div class="dir">A→B ${dir(r.contradiction_ab)} · B→A ${dir(r.contradiction_ba)}</div></td>
    <td>${claimCell(r,'a')}</td><td>${claimCell(r,'b')}</td>
    <td class="num">${r.similarity.toFixed(2)}</td><td>${esc(r.relation)}<div class="src">${esc(r.kind)}</div><div class="src" title="${esc(r.type_detail)}">${esc(r.type)}: ${esc(r.type_detail)}</div></td></tr>`).join('');
  $('#count').textContent = `${view.length} of ${rows.length} shown`;
  $('#page').textContent = `page ${page + 1} / ${pages}`;
  document.querySelectorAll('th[data-key]').forEach(th => {
    th.classList.toggle('sorted-asc', th.dataset.key === sortKey && sortDir === 1);
    th.classList.toggle('sorted-desc', th.dataset.key === sortKey && sortDir === -1);
  });
}
document.querySelectorAll('th[data-key]').forEach(th => th.addEventListener('click', () => {
  const k = th.dataset.key; sortDir = (k === sortKey) ? -sortDir : (k === 'rank' ? 1 : -1); sortKey = k; apply();
}));
['#q', '#min', '#rel'].forEach(s => $(s).addEventListener('input', apply));
$('#prev').addEventListener('click', () => { if (page > 0) { page--; render(); } });
$('#next').addEventListener('click', () => { if ((page + 1) * PER < view.length) { page++; render(); } });
apply();
"""


def _article_html(article, claims_in_article: list) -> str:
    """The article text with each reported claim marked and anchored at its offsets."""
    text = article.text
    parts, pos = [], 0
    for c in sorted(claims_in_article, key=lambda c: c.start):
        if c.start < pos:
            continue
        parts.append(html.escape(text[pos : c.start]))
        # the sentence, marked; the words of its reported claims in bold; one anchor per reported claim
        same = [x for x in claims_in_article if x.start == c.start]
        anchors = "".join(f'<span id="c-{html.escape(x.id)}"></span>' for x in same)
        bold = sorted({tuple(sp) for x in same for sp in x.spans if c.start <= sp[0] and sp[1] <= c.end})
        inner, at = [], c.start
        for b0, b1 in bold:
            if b0 < at:
                continue
            inner.append(html.escape(text[at:b0]) + f'<b class="atom">{html.escape(text[b0:b1])}</b>')
            at = b1
        inner.append(html.escape(text[at:c.end]))
        parts.append(f'<mark id="s-{html.escape(c.sentence_id)}">{anchors}{"".join(inner)}</mark>')
        pos = c.end
    parts.append(html.escape(text[pos:]))
    title = html.escape(article.title or article.id)
    meta = " · ".join(html.escape(x) for x in (article.id, article.source, article.date) if x)
    link = f' · <a href="{html.escape(article.url)}">source</a>' if article.url else ""
    return f'<section class="article" id="a-{html.escape(article.id)}"><h3>{title}</h3><div class="src">{meta}{link}</div>{"".join(parts)}</section>'


def render_html(report) -> str:
    rows = report.rows()
    s = report.summary()
    involved: dict[str, list] = {}
    for v in report.contradictions:
        for idx in (v.pair.a, v.pair.b):
            c = report.claims[idx]
            involved.setdefault(c.article_id, [])
            if c not in involved[c.article_id]:
                involved[c.article_id].append(c)
    articles = "".join(_article_html(a, involved[a.id]) for a in report.articles if a.id in involved)
    for r in rows:  # sources, context and the spans to highlight, for the page only
        shared_a, shared_b = contrast_spans(r["claim_a"], r["claim_b"])
        r["spans_a"] = _merge_spans(r["type_spans_a"], shared_a)
        r["spans_b"] = _merge_spans(r["type_spans_b"], shared_b)
        for side in ("a", "b"):
            art = report.article(r[f"article_{side}"])
            r[f"source_{side}"] = art.source if art else None
            r[f"context_{side}"] = previous_sentence(art.text, r[f"start_{side}"]) if art and len(rows) <= 2000 else None
    data = json.dumps({"rows": rows}, ensure_ascii=False).replace("</", "<\\/")
    cards = "".join(
        f"<div><b>{s[k]}</b>{label}</div>"
        for k, label in (
            ("contradictions", "contradictions"), ("articles", "articles"), ("claims", "claims"),
            ("pairs_judged", "pairs judged"), ("within_article", "within an article"), ("across_articles", "across articles"),
        ) + ((("pairs_filtered", "dropped by the pair filter"),) if s["pairs_filtered"] else ())
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contradictions report</title><style>{_CSS}</style></head>
<body><header><h1>Contradictions report</h1></header><main>
<section class="summary">{cards}<div><b>{s['threshold']}</b>threshold on the score ({s['aggregate']})</div></section>
<div class="controls">
  <label>Search <input id="q" type="search" placeholder="words in either claim or its source"></label>
  <label>min score <input id="min" type="range" min="0" max="1" step="0.01" value="{s['threshold']}"> <span id="minv"></span></label>
  <label>relation <select id="rel"><option value="any">any</option><option>same article</option><option>across articles</option></select></label>
  <span id="count"></span>
</div>
<table id="contradictions"><thead><tr>
  <th data-key="rank">#</th><th data-key="score">P(contradiction)</th><th data-key="claim_a">claim A</th>
  <th data-key="claim_b">claim B</th><th data-key="similarity">similarity</th><th data-key="relation">relation</th>
</tr></thead><tbody id="rows"></tbody></table>
<p class="src">Highlighted: <mark class="cue">negations, reversals and numbers</mark> one claim has and the other lacks; <mark class="shared">words both share</mark>. Click a claim to see it in its article.</p>
<div class="pager"><button id="prev">‹ previous</button><span id="page"></span><button id="next">next ›</button></div>
<h2>Articles</h2>{articles}
<p class="src">models: NLI {html.escape(str(s['model']))}, embedder {html.escape(str(s['embedder']))}</p>
</main>
<script type="application/json" id="report-data">{data}</script>
<script>{_JS}</script></body></html>
"""
