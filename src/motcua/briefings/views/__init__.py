"""Pages of briefing meetings: the programmes and their meetings, a meeting (agenda, pack, conclusions), downloads."""
