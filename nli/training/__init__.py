"""Training and fitting: the data makers, the trainer, the combiner and pair-filter fits.

- fnc1: the FNC-1 corpus path and its hash splits (dev split, quarters)
- trainer: the NLI cross-encoder's trainer (scripts/train_nli.py)
- news_pairs: rule-made news training pairs (scripts/make_news_pairs.py)
- written: written training pairs (data/written/)
- combiner_fit: the calibrated combiner's fit (scripts/fit_combiner.py)
- pair_filter: the pair filter's data and training (scripts/make_filter_data.py, scripts/train_pair_filter.py)
- ablation, accelerator: data ablation and judge training on a lent GPU (scripts/ablate_data.py, scripts/gpu_judge.py)

Nothing in the detection pipeline imports this package; it imports the pipeline's stages."""
