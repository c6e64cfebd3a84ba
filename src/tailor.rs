//! Tailoring: catalog + procspec.toml → the resolved, fingerprinted Spec.
