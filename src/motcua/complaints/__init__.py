"""Citizen feedback and petitions (PAKN), complaints and denunciations: intake, statutory clocks,
answers and publication, long-running cases and hot spots."""
