"""Citizens' pages for cases (vụ việc), mounted at the site root by ``complaints.public_urls``:
filing online, one's own cases and their letters, rating the answer, following any case by code,
and the published answers to feedback (PAKN)."""
