"""Pages of periodic reports: a unit's reports and the filing form, the committee's view of a period,
the notices."""
