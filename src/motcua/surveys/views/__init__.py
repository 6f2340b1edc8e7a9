"""Survey pages: the public questionnaire behind a one-time link, and the officials' pages under
``/can-bo/khao-sat/`` (rounds, sample, invitations, paper forms, results)."""
