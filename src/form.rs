//! The response form (.xlsx) bidders fill.
