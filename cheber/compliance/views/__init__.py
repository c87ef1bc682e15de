"""Compliance's pages, one module per group: `dashboards` (national → oblast → district →
organization, the list of people behind every number, their Excel exports) and `planning`
(the forecast, the printable report, a teacher's own status, the policies)."""
