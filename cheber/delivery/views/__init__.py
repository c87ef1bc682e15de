"""Delivery's pages, one module per audience: `enrolments` (the session page, requests,
nominations, a teacher's courses and notifications), `provider` (a provider's sessions,
roster, attendance and results), `territory` (the methodical cabinet, a principal's staff);
what they share is public in `common`."""
