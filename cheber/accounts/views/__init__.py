"""The accounts' pages, one module per group: `login` (the admin's log-in, the throttled
answer; the log-in itself is allauth's), `users` (the users a staff member manages, at
/users/ under the URL namespace `users`)."""
