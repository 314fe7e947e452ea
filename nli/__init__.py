"""nli: find claims that contradict each other across news articles.

    import nli
    report = nli.detect(["seeds/"])
    report.to_pandas()
"""
from .config import Config
from .corpus import InputError, read_articles
from .claims import extract_claims
from .models import ModelNotFoundError
from .pipeline import Detector, PairJudgement, detect, judge_pair
from .records import Article, Claim, Pair, Verdict
from .report import Report
from .verify import Evidence, Verification, verify

__version__ = "0.1.0"

__all__ = [
    "Article", "Claim", "Config", "Detector", "InputError", "ModelNotFoundError", "Pair", "PairJudgement",
    "Report", "Verdict", "Evidence", "Verification", "detect", "extract_claims", "judge_pair", "read_articles", "verify",
]
