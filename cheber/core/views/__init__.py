"""Core's pages, one module per group: `pages` (the landing page and home), `jobs` (a
background job's progress and download), `audit` (the auditors' trail and access log)."""
