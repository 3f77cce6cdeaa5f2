"""The QCD domain app (see DESIGN.md): the common-format figures computed from the orders app's
records, sheets and their sharing, scorecards, the cluster's bands and aggregates."""
