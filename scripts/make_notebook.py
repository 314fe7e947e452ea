#!/usr/bin/env python
"""Write notebooks/explore.ipynb (cells kept here, so the notebook's source stays reviewable)."""
from pathlib import Path

import nbformat as nbf

cells = [
    ("md", """# Exploring contradictions with `nli`

This notebook runs the detector through its Python API on the seed article, then on a slice of
the FNC-1 news corpus when `../shared/data` is present, and shows the results as tables and
plots. Everything runs offline with the models the project ships."""),
    ("code", """import os, json
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from pathlib import Path

import matplotlib
matplotlib.use("agg")  # inline figures are still captured; no display needed
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd

import nli

ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
%matplotlib inline"""),
    ("md", "## The seed article\n`nli.detect` takes paths, `nli.Article` objects, dicts or plain strings; the report renders as a table."),
    ("code", """seed = nli.detect([ROOT / "seeds"])
seed"""),
    ("code", """seed.to_pandas()[["rank", "score", "contradiction_ab", "contradiction_ba", "similarity", "claim_a", "claim_b"]].head(5)"""),
    ("md", "## A slice of the FNC-1 corpus\nThe first 30 articles, when the shared data is beside the checkout; otherwise the seed again."),
    ("code", """corpus = ROOT.parent / "shared" / "data" / "corpora" / "fnc1_train_bodies.jsonl"
if corpus.exists():
    rows = [json.loads(line) for _, line in zip(range(30), corpus.open())]
    articles = [nli.Article(id=r["id"], text=r["text"]) for r in rows]
else:
    print(f"{corpus} is absent: exploring the seed article only")
    articles = list(nli.read_articles([ROOT / "seeds"]))
report = nli.detect(articles, threshold=0.5)
summary = report.summary()
{k: summary[k] for k in ("articles", "claims", "pairs_judged", "contradictions", "within_article", "across_articles")}"""),
    ("code", """df = report.to_pandas()
df[["score", "similarity", "relation", "article_a", "claim_a", "article_b", "claim_b"]].head(10)"""),
    ("md", "## Similarity against contradiction score\nEvery judged candidate pair; the dashed line is the threshold. Contradictions need similar claims, but similarity alone does not make one."),
    ("code", """allpairs = pd.DataFrame(report.rows(report.verdicts))
fig, ax = plt.subplots(figsize=(7, 4))
hit = allpairs.score >= report.config.threshold
ax.scatter(allpairs.similarity[~hit], allpairs.score[~hit], s=10, alpha=0.5, label="below threshold")
ax.scatter(allpairs.similarity[hit], allpairs.score[hit], s=14, color="crimson", label="contradiction")
ax.axhline(report.config.threshold, ls="--", color="gray")
ax.set_xlabel("cosine similarity of the claims"); ax.set_ylabel("combined P(contradiction)"); ax.legend()
plt.show()"""),
    ("md", "## Distribution of scores"),
    ("code", """fig, ax = plt.subplots(figsize=(7, 3))
ax.hist(allpairs.score, bins=40, color="steelblue")
ax.axvline(report.config.threshold, ls="--", color="gray")
ax.set_xlabel("combined P(contradiction)"); ax.set_ylabel("pairs")
plt.show()"""),
    ("md", "## Top disputed topics\nWords (capitalised names and long words) that occur most in contradicting claims: a rough view of what is disputed."),
    ("code", """import re
from collections import Counter
STOP = {"The", "This", "That", "There", "They", "However", "According", "While", "After", "Before", "Their", "These", "Those", "which", "would", "could", "should", "about", "there", "their", "other", "after", "before"}
words = Counter()
for r in report.rows():
    for text in {r["claim_a"], r["claim_b"]}:
        words.update({w for w in re.findall(r"[A-Za-z][A-Za-z-]{4,}", text) if w not in STOP})
top = pd.Series(dict(words.most_common(15))).sort_values()
top.plot.barh(figsize=(6, 4), title="most frequent words in contradicting claims") if len(top) else print("no contradictions")
plt.show()"""),
    ("md", "## Clusters of a dispute\nClaims are nodes, contradictions are edges; each connected group is one dispute."),
    ("code", """g = nx.Graph()
for r in report.rows():
    g.add_edge(r["claim_a_id"], r["claim_b_id"], weight=r["score"])
clusters = sorted(nx.connected_components(g), key=len, reverse=True)
print(f"{g.number_of_nodes()} claims in {len(clusters)} disputes; largest has {len(clusters[0]) if clusters else 0} claims")
fig, ax = plt.subplots(figsize=(7, 5))
pos = nx.spring_layout(g, seed=1)
nx.draw_networkx(g, pos, ax=ax, node_size=60, with_labels=False, edge_color=[d["weight"] for *_, d in g.edges(data=True)], edge_cmap=plt.cm.Reds)
ax.set_axis_off(); plt.show()
claims = {c.id: c.text for c in report.claims}
for cid in list(clusters[0])[:6] if clusters else []:
    print("-", claims[cid][:140])"""),
    ("md", """## What to try next
- `nli.detect(articles, scope="cross")` keeps only disputes between different articles.
- Raise `threshold` (say 0.8) for fewer, surer contradictions; lower `min_similarity` to judge more pairs.
- `report.to_html()` writes a page to send to an editor (`nli check … -f html -o report.html` does the same).
- `nli.judge_pair(a, b)` to probe the model on two claims of your own."""),
]

nb = nbf.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src) for kind, src in cells]
out = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"
nbf.write(nb, out)
print(f"wrote {out}")
