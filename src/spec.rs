//! The resolved specification of one tender: what `tailor` makes of a catalog and procspec.toml.
//!
//! Every renderer (Markdown, HTML, DOCX, the xlsx form, `spec.json`) reads a [`Spec`]. Grading
//! does not read `spec.json` back: it resolves the Spec again from procspec.toml and the table,
//! and compares fingerprints. [`Spec::fingerprint`] (SHA-256 of the canonical JSON of everything
//! else) is printed in the documents and stored in the form, so a returned form can be matched to
//! the exact tender it was issued for.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::model::{Lang, Level, Rule, Section};

/// Bumped when the meaning of a Spec field changes.
pub const SPEC_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub format: u32,
    pub lang: Lang,
    pub procurement: Procurement,
    pub catalog: CatalogInfo,
    /// The procurement's confidentiality class.
    pub confidentiality: u8,
    pub sections: Vec<Section>,
    /// The requirements this tender asks, in catalog order, ids as in the catalog.
    pub requirements: Vec<SpecRequirement>,
    /// Waiver rules, restricted to this tender's requirements.
    pub rules: Vec<Rule>,
    /// Requirements of the catalog this tender does not ask, with the reason.
    pub excluded: Vec<Excluded>,
    pub scale: Scale,
    /// SHA-256 (hex) of the canonical JSON of this Spec with an empty fingerprint.
    pub fingerprint: String,
}

impl Spec {
    /// Computes and stores the fingerprint.
    pub fn seal(&mut self) {
        self.fingerprint = self.compute_fingerprint();
    }

    pub fn compute_fingerprint(&self) -> String {
        let mut unsealed = self.clone();
        unsealed.fingerprint.clear();
        // Serialising plain structs, strings and numbers cannot fail.
        let json = serde_json::to_vec(&unsealed).unwrap_or_default();
        sha256_hex(&json)
    }

    pub fn requirement(&self, id: &str) -> Option<&SpecRequirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// The first 12 hex digits of the fingerprint, as printed in footers.
    pub fn short_fingerprint(&self) -> &str {
        self.fingerprint.get(..12).unwrap_or(&self.fingerprint)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Metadata of this procurement, from `[procurement]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Procurement {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub buyer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub issued: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deadline: Option<Date>,
    /// e.g. `様式第1号`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub form_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CatalogInfo {
    /// The catalog path as configured (relative to the procurement folder).
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// SHA-256 of the catalog file's bytes.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecRequirement {
    /// Normalised id: `1.1`.
    pub id: String,
    /// As the catalog writes it: `1.1.`.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// After substitutions.
    pub text: String,
    pub level: Level,
    /// The level as the table writes it, when the table has levels of its own (`3`, `L1`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub own_level: Option<String>,
    /// Optional in the catalog, raised to mandatory by `require`.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub raised: bool,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<usize>,
    /// The applicability condition as written; "not applicable" is a legitimate answer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub applies_if: Option<String>,
    /// The procurement says the condition holds (`applies = [...]`): "not applicable" is not
    /// acceptable.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub applies: bool,
    /// A "comply" answer needs an explanation or a named document.
    pub evidence: bool,
    /// Points a met optional requirement earns.
    pub points: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    pub reason: String,
}

/// The symbols of the answer scale shown in the form's dropdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub comply: String,
    pub partial: String,
    pub non_comply: String,
    pub not_applicable: String,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            comply: "○".into(),
            partial: "△".into(),
            non_comply: "×".into(),
            not_applicable: "－".into(),
        }
    }
}

/// A calendar date, written `2026-12-01` in JSON and TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let date = Date { year, month, day };
        date.civil().map(|_| date)
    }

    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// The Japanese era form: `令和8年12月1日` (`元年` for an era's first year).
    pub fn wareki(&self) -> String {
        const ERAS: [(&str, (i32, u32, u32)); 5] = [
            ("令和", (2019, 5, 1)),
            ("平成", (1989, 1, 8)),
            ("昭和", (1926, 12, 25)),
            ("大正", (1912, 7, 30)),
            ("明治", (1868, 1, 25)),
        ];
        let here = (self.year, self.month, self.day);
        for (name, start) in ERAS {
            if here >= start {
                let n = self.year - start.0 + 1;
                let year = if n == 1 {
                    "元".to_string()
                } else {
                    n.to_string()
                };
                return format!("{name}{year}年{}月{}日", self.month, self.day);
            }
        }
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// `令和8年12月1日（2026-12-01）` in Japanese, `1 December 2026` in English.
    pub fn display(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!("{}（{self}）", self.wareki()),
            Lang::En => match self.civil() {
                Some(date) => date.strftime("%-d %B %Y").to_string(),
                None => self.to_string(),
            },
        }
    }

    fn civil(&self) -> Option<jiff::civil::Date> {
        jiff::civil::Date::new(
            i16::try_from(self.year).ok()?,
            i8::try_from(self.month).ok()?,
            i8::try_from(self.day).ok()?,
        )
        .ok()
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar. Days
/// beyond the years -9999 to 9999 (jiff's range) give its first or last day; the callers pass
/// dates of Excel's range (1900 to 9999).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let epoch = jiff::civil::date(1970, 1, 1);
    let span = jiff::Span::new().try_days(days).ok();
    let date = span
        .and_then(|span| epoch.checked_add(span).ok())
        .unwrap_or(if days < 0 {
            jiff::civil::Date::MIN
        } else {
            jiff::civil::Date::MAX
        });
    (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    )
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wareki() {
        assert_eq!(Date::new(2026, 12, 1).unwrap().wareki(), "令和8年12月1日");
        assert_eq!(Date::new(2019, 5, 1).unwrap().wareki(), "令和元年5月1日");
        assert_eq!(Date::new(2019, 4, 30).unwrap().wareki(), "平成31年4月30日");
        assert_eq!(
            Date::new(2026, 12, 1).unwrap().display(Lang::Ja),
            "令和8年12月1日（2026-12-01）"
        );
        assert_eq!(
            Date::new(2026, 12, 1).unwrap().display(Lang::En),
            "1 December 2026"
        );
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse("2026-13-01"), None);
        assert_eq!(Date::parse("yesterday"), None);
    }
}
