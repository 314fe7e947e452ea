"""Training and fitting: the data makers, the trainer, the combiner and pair-filter fits.

Nothing in the detection pipeline imports this package; it imports the pipeline's stages."""
