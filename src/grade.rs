//! Grading a Response against the Spec.
