"""Classification of AI-stack items under the Commerce Control List (3A090, 4A090, 4E091)."""

from stackclear.classify.chips import classify_chip, classify_hbm
from stackclear.classify.computers import classify_computer
from stackclear.classify.metrics import hbm_bandwidth_density, performance_density, total_processing_performance
from stackclear.classify.models import classify_model_weights
from stackclear.classify.result import Classification, Reason
from stackclear.classify.spec import ChipSpec, chip_spec_from_dict

__all__ = [
    "ChipSpec",
    "Classification",
    "Reason",
    "chip_spec_from_dict",
    "classify_chip",
    "classify_computer",
    "classify_hbm",
    "classify_model_weights",
    "hbm_bandwidth_density",
    "performance_density",
    "total_processing_performance",
]
