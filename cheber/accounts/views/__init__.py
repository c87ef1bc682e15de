"""The accounts' pages: `login` (the admin's log-in, the throttled answer; the log-in itself is
allauth's). The users a staff member manages are the `users` app's."""
