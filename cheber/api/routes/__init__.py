"""The API's routes, one module per group: `reference`, `registry`, `courses` (catalogue and
schedule), `delivery`, `certificates`, `compliance`, `imports`; what they share is in
`common`."""
