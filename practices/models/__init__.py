from .collections import CollectionPractice, PracticeCollectionPage
from .materials import Material, MaterialsIndexPage, MaterialType, public_materials
from .practice import PracticeAuthor, PracticeIndexPage, PracticeMaterial, PracticePage
from .prepared import PreparedBankIndex
from .review import ExpertReviewTask
from .taxonomy import Direction, Kind, RiskFactor

__all__ = [
    "CollectionPractice",
    "Direction",
    "ExpertReviewTask",
    "Kind",
    "Material",
    "MaterialType",
    "MaterialsIndexPage",
    "PracticeAuthor",
    "PracticeCollectionPage",
    "PracticeIndexPage",
    "PracticeMaterial",
    "PracticePage",
    "PreparedBankIndex",
    "RiskFactor",
    "public_materials",
]
