# Tests, attempts, the question bank and assignments: written by the assessment part of
# issue 17. A placeholder until it lands, so that `models/__init__.py` imports both halves.
