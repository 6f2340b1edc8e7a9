"""Results-based scoring and classification of officials and units (Nghị định 335/2025/NĐ-CP)."""
