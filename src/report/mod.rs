//! Reports of grades: per bidder, the comparison across bidders, audit.json.
