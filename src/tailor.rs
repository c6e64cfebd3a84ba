//! Tailoring: catalog + procspec.toml → the resolved, fingerprinted [`Spec`] of one tender.
//!
//! [`resolve`] loads the configured catalog and applies `[[rules]]` ([`load`]); [`tailor`] then decides what
//! this tender asks: sections above the procurement's confidentiality class drop out, `exclude`
//! removes requirements (listed with their reason), `applies` / `require` / `points` adjust the
//! rest, `substitute` rewrites the catalog's wording, and the waiver rules are restricted to the
//! requirements that are still asked. Ids stay as in the catalog: nothing is renumbered.
//!
//! An id in `[tailoring]` that the catalog does not have is an error (a typo would otherwise
//! silently ask the wrong thing); choices that have no effect are warnings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::catalog;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::id;
use crate::model::{
    Catalog, Diagnostic, Finding, Lang, Level, LevelMeaning, Location, Requirement, Rule, Section,
    Severity,
};
use crate::spec::{
    sha256_hex, CatalogInfo, Excluded, Procurement, Scale, Spec, SpecRequirement, SPEC_FORMAT,
};

/// A resolved Spec with every finding made on the way (catalog lints, tailoring warnings).
#[derive(Debug, Clone)]
pub struct Tailored {
    pub spec: Spec,
    pub diagnostics: Vec<Diagnostic>,
}

impl Tailored {
    /// Whether any finding is an error (a table with errors must not become a tender).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Loads the configured catalog, applies `[[rules]]`, and tailors it into the Spec.
pub fn resolve(config: &Config) -> Result<Tailored> {
    let (loaded, sha256) = load(config)?;
    let mut diagnostics = loaded.diagnostics;
    let tailored = tailor(&loaded.catalog, config, &sha256)?;
    diagnostics.extend(tailored.diagnostics);
    Ok(Tailored {
        spec: tailored.spec,
        diagnostics,
    })
}

/// Reads the catalog a procurement configures (`[catalog] source` and `sheet`, within
/// `[limits]`) and applies its `[[rules]]`; with the SHA-256 of the file's bytes. Messages
/// name the file as configured (relative to the procurement folder).
pub fn load(config: &Config) -> Result<(catalog::Loaded, String)> {
    let source = &config.catalog.source;
    let written = source.display();
    let path = config.resolve(source);
    let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Usage(format!(
            "{}: [catalog] source = \"{written}\": {} does not exist; put the requirement table \
             there or change the path",
            config.path.display(),
            path.display()
        )),
        _ => Error::io(&path, e),
    })?;
    let options = catalog::LoadOptions::of(&config.catalog, Some(written.to_string()));
    let ext = catalog::extension(source);
    let mut loaded = catalog::load_bytes_with_limits(&bytes, &ext, &options, &config.limits)?;
    apply_rules(&mut loaded, config);
    Ok((loaded, sha256_hex(&bytes)))
}

/// Applies the configuration's `[[rules]]` (and `[catalog] infer_rules = false`) to a catalog
/// as read, adding the findings about them.
pub fn apply_rules(loaded: &mut catalog::Loaded, config: &Config) {
    let config_name = config
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| crate::config::FILE_NAME.to_string());
    let more = catalog::infer::apply_config_rules(
        &mut loaded.catalog,
        &config.rules,
        config.catalog.infer_rules,
        &config_name,
    );
    for d in more {
        if !loaded.diagnostics.contains(&d) {
            loaded.diagnostics.push(d);
        }
    }
    loaded
        .diagnostics
        .extend(lint_levels(&loaded.catalog, &config.tailoring.levels));
}

/// What a requirement's level means under `levels` (`[tailoring] levels`), if it names the
/// level as the table writes it (compared after NFKC, ignoring case and padding).
pub fn meaning(
    requirement: &Requirement,
    lang: Lang,
    levels: &BTreeMap<String, LevelMeaning>,
) -> Option<LevelMeaning> {
    let written = level_as_written(requirement, lang);
    levels
        .iter()
        .find(|(key, _)| same_level(key, written))
        .map(|(_, m)| *m)
}

/// The level as the table writes it: its own, or the word of its built-in meaning.
fn level_as_written(requirement: &Requirement, lang: Lang) -> &str {
    requirement
        .level
        .as_written(requirement.own_level.as_deref(), lang)
}

fn same_level(a: &str, b: &str) -> bool {
    id::fold(a.trim()).to_lowercase() == id::fold(b.trim()).to_lowercase()
}

/// One warning for the table's own levels that neither a built-in meaning nor `levels` maps,
/// naming each with its count: they are read at the catalog's default level.
pub fn lint_levels(
    catalog: &Catalog,
    levels: &BTreeMap<String, LevelMeaning>,
) -> Option<Diagnostic> {
    let unmapped: Vec<&Requirement> = catalog
        .requirements
        .iter()
        .filter(|r| {
            r.own_level
                .as_deref()
                .is_some_and(|own| Level::parse(own).is_none())
                && meaning(r, catalog.lang, levels).is_none()
        })
        .collect();
    let first = unmapped.first()?;
    let values = crate::model::tally(unmapped.iter().filter_map(|r| r.own_level.as_deref()))
        .into_iter()
        .map(|(v, n)| (v.to_string(), n))
        .collect();
    let read_as = first.level;
    Some(
        Diagnostic::warning(Finding::LevelsUnmapped { values, read_as }).at(first.location.clone()),
    )
}

/// Tailors `catalog` by `config` into the sealed Spec. `catalog_sha256` is the hash of the
/// catalog file's bytes, recorded so that a Spec can be traced to the exact table it came from.
///
/// Ids named in `[tailoring]` that the catalog does not have are an error, all reported at once.
///
/// Over a hundred lines because it is the order of the named steps (`left_out`, `ask`,
/// `restrict_rules`, `procurement`) and the warnings that fall between them, then the Spec's
/// fields in one literal; each decision is in its step.
pub fn tailor(catalog: &Catalog, config: &Config, catalog_sha256: &str) -> Result<Tailored> {
    let t = &config.tailoring;
    let lang = config.procurement.language.unwrap_or(catalog.lang);
    let mut notes = Notes {
        config,
        places: config.places(),
        diagnostics: Vec::new(),
        errors: Vec::new(),
    };

    let exclude = notes.known_ids(catalog, "exclude", t.exclude.iter().map(|e| e.id.as_str()));
    let applies = notes.known_ids(catalog, "applies", t.applies.iter().map(String::as_str));
    let require = notes.known_ids(catalog, "require", t.require.iter().map(String::as_str));
    let points = notes.known_ids(catalog, "points", t.points.keys().map(String::as_str));
    if !notes.errors.is_empty() {
        return Err(Error::Findings(notes.errors));
    }
    let mut sub = Substitutions::new(&t.substitute).map_err(|m| {
        Error::Usage(format!(
            "{}: [tailoring] substitute: {m}",
            notes.place("substitute", None)
        ))
    })?;

    let confidentiality = t.confidentiality.unwrap_or_else(|| {
        catalog
            .sections
            .iter()
            .filter_map(|s| s.min_confidentiality)
            .max()
            .unwrap_or(0)
    });
    let (catalog, omitted) = map_levels(catalog, config, &mut notes);
    let catalog = catalog.as_ref();
    let mut left_out = left_out(catalog, config, lang, confidentiality, &exclude, &mut notes);
    for (pos, level) in omitted {
        let reason = crate::words::message(lang, &LevelOmitted { level });
        left_out.entry(pos).or_insert(reason);
    }
    let asked = Asked::new(catalog, &left_out);
    let ids = Chosen {
        applies: &applies,
        require: &require,
        points: &points,
    };
    let requirements = ask(catalog, config, &left_out, &ids, &mut sub);
    notes.no_effect_of(catalog, &left_out, &ids);

    let excluded: Vec<Excluded> = left_out
        .iter()
        .filter_map(|(&pos, reason)| {
            let r = catalog.requirements.get(pos)?;
            Some(Excluded {
                id: r.id.clone(),
                label: r.label.clone(),
                title: r.title.as_deref().map(|t| sub.apply(t)),
                reason: reason.clone(),
            })
        })
        .collect();
    let rules = restrict_rules(catalog, &asked, &mut sub, &mut notes);
    let sections: Vec<Section> = catalog
        .sections
        .iter()
        .map(|s| Section {
            heading: sub.apply(&s.heading),
            title: sub.apply(&s.title),
            ..s.clone()
        })
        .collect();
    let catalog_title = catalog.title.as_deref().map(|t| sub.apply(t));

    for from in sub.unused() {
        notes.push(
            Severity::Warning,
            "substitute",
            Some(from),
            Finding::SubstituteUnused {
                from: from.to_string(),
            },
        );
    }
    if requirements.is_empty() {
        notes.push(
            Severity::Warning,
            "confidentiality",
            None,
            Finding::NothingLeftToAsk {
                catalog: config.catalog.source.display().to_string(),
                confidentiality,
            },
        );
    }

    let mut spec = Spec {
        format: SPEC_FORMAT,
        lang,
        procurement: procurement(config, catalog_title.as_deref(), lang)?,
        catalog: CatalogInfo {
            source: config.catalog.source.display().to_string(),
            title: catalog_title,
            sha256: catalog_sha256.to_string(),
        },
        confidentiality,
        sections,
        requirements,
        rules,
        excluded,
        scale: Scale::default(),
        fingerprint: String::new(),
    };
    spec.seal();
    Ok(Tailored {
        spec,
        diagnostics: notes.diagnostics,
    })
}

/// The catalog with its levels as `[tailoring] levels` maps them, and the positions of the
/// requirements whose level is omitted, with that level as written. Levels the map does not
/// name keep their meaning; a key no requirement has is a warning naming the levels there are.
fn map_levels<'c>(
    catalog: &'c Catalog,
    config: &Config,
    notes: &mut Notes<'_>,
) -> (std::borrow::Cow<'c, Catalog>, Vec<(usize, String)>) {
    let levels = &config.tailoring.levels;
    if levels.is_empty() {
        return (std::borrow::Cow::Borrowed(catalog), Vec::new());
    }
    let lang = catalog.lang;
    let found: Vec<String> = crate::model::tally(
        catalog
            .requirements
            .iter()
            .map(|r| level_as_written(r, lang)),
    )
    .into_iter()
    .map(|(written, _)| written.to_string())
    .collect();
    for key in levels.keys() {
        if !found.iter().any(|f| same_level(key, f)) {
            let finding = Finding::LevelUnused {
                level: key.clone(),
                found: found.clone(),
            };
            notes.push(Severity::Warning, "levels", Some(key), finding);
        }
    }
    let mut mapped = catalog.clone();
    let mut omitted = Vec::new();
    for (pos, r) in mapped.requirements.iter_mut().enumerate() {
        match meaning(r, lang, levels) {
            Some(LevelMeaning::Mandatory) => r.level = Level::Mandatory,
            Some(LevelMeaning::Optional) => r.level = Level::Optional,
            Some(LevelMeaning::Omit) => omitted.push((pos, level_as_written(r, lang).to_string())),
            None => {}
        }
    }
    (std::borrow::Cow::Owned(mapped), omitted)
}

/// Why a requirement is not asked: `[tailoring] levels` omits its level.
pub struct LevelOmitted {
    pub level: String,
}

/// Why each requirement that is not asked is left out, by catalog position: the sections above
/// the procurement's confidentiality class, then `exclude` (whose reason says more than the
/// confidentiality rule).
fn left_out(
    catalog: &Catalog,
    config: &Config,
    lang: Lang,
    confidentiality: u8,
    exclude: &[(&str, String)],
    notes: &mut Notes<'_>,
) -> BTreeMap<usize, String> {
    let mut left_out: BTreeMap<usize, String> = BTreeMap::new();
    for (index, section) in catalog.sections.iter().enumerate() {
        let Some(min) = section.min_confidentiality.filter(|m| *m > confidentiality) else {
            continue;
        };
        let dropped: Vec<usize> = (0..catalog.requirements.len())
            .filter(|&i| catalog.requirements[i].section == Some(index))
            .collect();
        let reason = crate::words::message(
            lang,
            &AboveConfidentiality {
                min,
                confidentiality,
            },
        );
        for &i in &dropped {
            left_out.insert(i, reason.clone());
        }
        notes.push(
            Severity::Info,
            "confidentiality",
            None,
            Finding::SectionAboveConfidentiality {
                heading: section.heading.clone(),
                min,
                confidentiality,
                requirements: dropped.len(),
            },
        );
    }
    for (raw, id) in exclude {
        let Some(pos) = catalog.position(id) else {
            continue;
        };
        let mut entries = config
            .tailoring
            .exclude
            .iter()
            .filter(|e| id::normalize(&e.id) == *id);
        let reason = entries
            .next()
            .map(|e| e.reason.trim().to_string())
            .unwrap_or_default();
        if entries.next().is_some() {
            let twice = Finding::ExcludedTwice { id: id.clone() };
            notes.push(Severity::Warning, "exclude", Some(raw), twice);
        }
        if reason.is_empty() {
            let bare = Finding::ExcludedWithoutReason { id: id.clone() };
            notes.push(Severity::Warning, "exclude", Some(raw), bare);
        }
        left_out.insert(pos, reason);
    }
    left_out
}

impl Notes<'_> {
    /// Warnings for `require`, `applies` and `points` entries that change nothing.
    fn no_effect_of(
        &mut self,
        catalog: &Catalog,
        left_out: &BTreeMap<usize, String>,
        ids: &Chosen<'_, '_>,
    ) {
        self.no_effect(catalog, left_out, "require", ids.require, |r, raw, id| {
            (r.level == Level::Mandatory).then_some(Finding::RequireAlreadyMandatory { raw, id })
        });
        self.no_effect(catalog, left_out, "applies", ids.applies, |r, raw, id| {
            r.applies_if
                .is_none()
                .then_some(Finding::AppliesWithoutCondition { raw, id })
        });
        let require = ids.require;
        self.no_effect(catalog, left_out, "points", ids.points, |r, raw, id| {
            let mandatory =
                r.level == Level::Mandatory || require.iter().any(|(_, id)| *id == r.id);
            mandatory.then_some(Finding::PointsOnMandatory { raw, id })
        });
    }
}

/// The ids `[tailoring]` names in `applies`, `require` and `points`, as written and normalised.
struct Chosen<'c, 'a> {
    applies: &'c [(&'a str, String)],
    require: &'c [(&'a str, String)],
    points: &'c [(&'a str, String)],
}

/// The requirements this tender asks, in catalog order, with their tailored level and points.
fn ask(
    catalog: &Catalog,
    config: &Config,
    left_out: &BTreeMap<usize, String>,
    ids: &Chosen<'_, '_>,
    sub: &mut Substitutions<'_>,
) -> Vec<SpecRequirement> {
    let named = |list: &[(&str, String)], id: &str| list.iter().any(|(_, named)| named == id);
    let mut requirements = Vec::new();
    for (pos, r) in catalog.requirements.iter().enumerate() {
        if left_out.contains_key(&pos) {
            continue;
        }
        let raised = named(ids.require, &r.id) && r.level == Level::Optional;
        let level = if raised { Level::Mandatory } else { r.level };
        let points = match level {
            Level::Mandatory => 0,
            Level::Optional => ids
                .points
                .iter()
                .find(|(_, id)| *id == r.id)
                .and_then(|(raw, _)| config.tailoring.points.get(*raw).copied())
                .unwrap_or(1),
        };
        requirements.push(SpecRequirement {
            id: r.id.clone(),
            label: r.label.clone(),
            title: r.title.as_deref().map(|t| sub.apply(t)),
            text: sub.apply(&r.text),
            level,
            own_level: r.own_level.clone(),
            raised,
            section: r.section,
            applies_if: r.applies_if.as_deref().map(|t| sub.apply(t)),
            applies: named(ids.applies, &r.id),
            evidence: r.evidence,
            points,
        });
    }
    requirements
}

/// Which requirements are asked, by id (the first of an id, as `Catalog::position`), looked up
/// for every id of every rule: a search of the catalog each time was quadratic in its size.
struct Asked<'c> {
    catalog: &'c Catalog,
    positions: HashMap<&'c str, usize>,
    left_out: &'c BTreeMap<usize, String>,
}

impl<'c> Asked<'c> {
    fn new(catalog: &'c Catalog, left_out: &'c BTreeMap<usize, String>) -> Self {
        let mut positions = HashMap::with_capacity(catalog.requirements.len());
        for (p, r) in catalog.requirements.iter().enumerate() {
            positions.entry(r.id.as_str()).or_insert(p);
        }
        Asked {
            catalog,
            positions,
            left_out,
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.positions
            .get(id)
            .is_some_and(|p| !self.left_out.contains_key(p))
    }

    /// The first requirement asked from `id` on (a rule's note goes before it).
    fn first_from(&self, id: &str) -> Option<String> {
        let from = *self.positions.get(id)?;
        self.catalog.requirements[from..]
            .iter()
            .find(|r| self.contains(&r.id))
            .map(|r| r.id.clone())
    }
}

/// The catalog's waiver rules restricted to the requirements asked; a rule whose condition names
/// one that is not asked counts as never met through it, with a warning.
fn restrict_rules(
    catalog: &Catalog,
    asked: &Asked<'_>,
    sub: &mut Substitutions<'_>,
    notes: &mut Notes<'_>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    for rule in &catalog.rules {
        let waives: Vec<String> = rule
            .waives
            .iter()
            .filter(|id| asked.contains(id))
            .cloned()
            .collect();
        if waives.is_empty() {
            continue;
        }
        let absent: Vec<&str> = rule
            .when
            .ids()
            .into_iter()
            .filter(|id| !asked.contains(id))
            .collect();
        if !absent.is_empty() {
            let mut d = Diagnostic::warning(Finding::RuleNamesExcluded {
                when: rule.when.to_string(),
                waives: crate::rules::compress(&waives, &order(catalog)),
                absent: absent.iter().map(|id| id.to_string()).collect(),
            });
            if let Some(location) = &rule.location {
                d = d.at(location.clone());
            }
            notes.diagnostics.push(d);
        }
        rules.push(Rule {
            when: rule.when.clone(),
            waives,
            text: sub.apply(&rule.text),
            origin: rule.origin.clone(),
            before: rule.before.as_deref().and_then(|b| asked.first_from(b)),
            location: rule.location.clone(),
        });
    }
    rules
}

/// `[procurement]` as the documents show it; the title falls back to the catalog's, then to the
/// word for a specification.
fn procurement(config: &Config, catalog_title: Option<&str>, lang: Lang) -> Result<Procurement> {
    let p = &config.procurement;
    let title = p
        .title
        .clone()
        .or_else(|| catalog_title.map(str::to_string))
        .unwrap_or_else(|| crate::words::spec_title(lang).to_string());
    Ok(Procurement {
        title,
        buyer: p.buyer.clone(),
        department: p.department.clone(),
        contact: p.contact.clone(),
        issued: config.issued()?,
        deadline: config.deadline()?,
        form_number: p.form_number.clone(),
    })
}

/// Why the requirements of a section are not asked: the section is for a higher confidentiality
/// class than this procurement's. The Spec lists it, in the Spec's language, with each of them.
pub struct AboveConfidentiality {
    pub min: u8,
    pub confidentiality: u8,
}

fn order(catalog: &Catalog) -> Vec<&str> {
    catalog.requirements.iter().map(|r| r.id.as_str()).collect()
}

/// Findings about `[tailoring]`, placed at their line in procspec.toml.
struct Notes<'a> {
    config: &'a Config,
    /// Where procspec.toml writes each setting, parsed once for all the findings.
    places: crate::config::Places<'a>,
    diagnostics: Vec<Diagnostic>,
    /// Findings that stop the tailoring (ids the catalog lacks), reported together.
    errors: Vec<Diagnostic>,
}

impl Notes<'_> {
    /// Where `[tailoring] key` (or its entry `value`) is written in procspec.toml.
    fn location(&self, key: &str, value: Option<&str>) -> Location {
        let file = self.config.path.display().to_string();
        match self.places.line_of("tailoring", key, value) {
            Some(line) => Location::line(file, line),
            None => Location::file(file),
        }
    }

    fn place(&self, key: &str, value: Option<&str>) -> String {
        self.location(key, value).to_string()
    }

    fn push(&mut self, severity: Severity, key: &str, value: Option<&str>, finding: Finding) {
        let d = Diagnostic::new(severity, finding).at(self.location(key, value));
        self.diagnostics.push(d);
    }

    /// Normalises the ids of `[tailoring] key`, recording an error for each the catalog lacks.
    /// Returns (as written, normalised) pairs without repeats.
    fn known_ids<'c>(
        &mut self,
        catalog: &Catalog,
        key: &str,
        ids: impl Iterator<Item = &'c str>,
    ) -> Vec<(&'c str, String)> {
        let mut out: Vec<(&str, String)> = Vec::new();
        for raw in ids {
            let id = id::normalize(raw);
            if catalog.requirement(&id).is_some() {
                if !out.iter().any(|(_, o)| *o == id) {
                    out.push((raw, id));
                }
                continue;
            }
            let ids = match (catalog.requirements.first(), catalog.requirements.last()) {
                (Some(first), Some(last)) => Some((first.id.clone(), last.id.clone())),
                _ => None,
            };
            let finding = Finding::TailoringUnknownId {
                key: key.to_string(),
                raw: raw.to_string(),
                catalog: self.config.catalog.source.display().to_string(),
                ids,
            };
            let at = self.location(key, Some(raw));
            self.errors.push(Diagnostic::error(finding).at(at));
        }
        out
    }

    /// Warns about ids of `key` that are not asked, or for which `pointless` says why the
    /// setting changes nothing.
    fn no_effect(
        &mut self,
        catalog: &Catalog,
        left_out: &BTreeMap<usize, String>,
        key: &str,
        ids: &[(&str, String)],
        pointless: impl Fn(&crate::model::Requirement, String, String) -> Option<Finding>,
    ) {
        for (raw, id) in ids {
            let Some(pos) = catalog.position(id) else {
                continue;
            };
            let finding = if left_out.contains_key(&pos) {
                Some(Finding::TailoringNotAsked {
                    key: key.to_string(),
                    raw: raw.to_string(),
                    id: id.clone(),
                })
            } else {
                pointless(&catalog.requirements[pos], raw.to_string(), id.clone())
            };
            if let Some(finding) = finding {
                self.push(Severity::Warning, key, Some(raw), finding);
            }
        }
    }
}

/// `substitute`: every occurrence of a key is replaced in one left-to-right pass, the longest key
/// first, so that replacements never chain (`本市` → `本町` does not then match a key `本町`).
struct Substitutions<'a> {
    pairs: Vec<(&'a str, &'a str)>,
    /// The keys that matched somewhere, so far.
    used: BTreeSet<&'a str>,
}

impl<'a> Substitutions<'a> {
    fn new(map: &'a BTreeMap<String, String>) -> std::result::Result<Self, String> {
        if map.keys().any(|k| k.is_empty()) {
            return Err("an empty key would match everywhere; remove it".to_string());
        }
        let mut pairs: Vec<(&str, &str)> =
            map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        Ok(Substitutions {
            pairs,
            used: BTreeSet::new(),
        })
    }

    /// The keys that matched nowhere in what was rewritten so far, longest first.
    fn unused(&self) -> Vec<&'a str> {
        self.pairs
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !self.used.contains(k))
            .collect()
    }

    fn apply(&mut self, text: &str) -> String {
        if self.pairs.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        'scan: while let Some(c) = rest.chars().next() {
            for (from, to) in &self.pairs {
                if let Some(after) = rest.strip_prefix(from) {
                    out.push_str(to);
                    self.used.insert(from);
                    rest = after;
                    continue 'scan;
                }
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::model::{Requirement, RuleOrigin};
    use crate::rules::Expr;

    fn requirement(id: &str, level: Level, text: &str) -> Requirement {
        Requirement {
            id: id.into(),
            label: format!("{id}."),
            title: None,
            text: text.into(),
            level,
            own_level: None,
            section: Some(0),
            applies_if: None,
            evidence: false,
            location: Location::line("requirements.md", 1),
        }
    }

    /// A small catalog shaped like the sample: one section from class 2, a condition row
    /// (1.1 | 1.2 waives 1.3..1.5) and an applicability condition on 1.2.
    fn catalog() -> Catalog {
        let mut r2 = requirement(
            "1.2",
            Level::Mandatory,
            "生成AIに該当する場合には、本市の許可",
        );
        r2.applies_if = Some("生成AIに該当する場合".into());
        Catalog {
            source: "requirements.md".into(),
            title: Some("外部サービス要件".into()),
            lang: Lang::Ja,
            sections: vec![Section {
                heading: "1.外部サービス要件(機密性2以上)".into(),
                title: "外部サービス要件".into(),
                min_confidentiality: Some(2),
                location: Location::line("requirements.md", 5),
            }],
            requirements: vec![
                requirement("1.1", Level::Optional, "ISMAPへの登録"),
                r2,
                requirement("1.3", Level::Optional, "本市の承諾"),
                requirement("1.4", Level::Mandatory, "準拠法"),
                requirement("1.5", Level::Optional, "監査"),
            ],
            rules: vec![Rule {
                when: Expr::parse("1.1 | 1.2").unwrap(),
                waives: vec!["1.3".into(), "1.4".into(), "1.5".into()],
                text: "1.1または1.2の場合、以下の要件は不要（本市）".into(),
                origin: RuleOrigin::ConditionRow,
                before: Some("1.3".into()),
                location: Some(Location::line("requirements.md", 9)),
            }],
            tables: Vec::new(),
        }
    }

    fn config(toml: &str) -> Config {
        let mut c = Config::parse(toml, "procspec.toml").unwrap();
        c.path = "procspec.toml".into();
        c
    }

    fn run(toml: &str) -> Tailored {
        tailor(&catalog(), &config(toml), "00").unwrap()
    }

    fn ids(t: &Tailored) -> Vec<&str> {
        t.spec.requirements.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn everything_is_asked_by_default_with_one_point_per_optional() {
        let t = run("");
        assert_eq!(ids(&t), ["1.1", "1.2", "1.3", "1.4", "1.5"]);
        assert_eq!(t.spec.confidentiality, 2);
        let points: Vec<u32> = t.spec.requirements.iter().map(|r| r.points).collect();
        assert_eq!(points, [1, 0, 1, 0, 1]);
        assert!(t.spec.excluded.is_empty());
        assert_eq!(t.spec.fingerprint, t.spec.compute_fingerprint());
        assert_eq!(t.spec.fingerprint.len(), 64);
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.spec.procurement.title, "外部サービス要件");
    }

    #[test]
    fn exclusion_is_listed_with_its_reason_and_changes_the_fingerprint() {
        let base = run("");
        let t =
            run("[tailoring]\nexclude = [{ id = \"1.2.\", reason = \"生成AIを利用しない\" }]\n");
        assert_eq!(ids(&t), ["1.1", "1.3", "1.4", "1.5"]);
        assert_eq!(t.spec.excluded.len(), 1);
        assert_eq!(t.spec.excluded[0].id, "1.2");
        assert_eq!(t.spec.excluded[0].reason, "生成AIを利用しない");
        assert_ne!(t.spec.fingerprint, base.spec.fingerprint);
        // The rule's condition names 1.2: kept (never met) with a warning placed in the catalog.
        assert_eq!(t.spec.rules[0].when.to_string(), "1.1 | 1.2");
        let w = &t.diagnostics[0];
        assert_eq!(w.severity, Severity::Warning);
        assert!(
            matches!(&w.finding, Finding::RuleNamesExcluded { absent, .. } if absent == &["1.2"]),
            "{w:?}"
        );
        assert_eq!(
            w.location.as_ref().unwrap().to_string(),
            "requirements.md:9"
        );
    }

    #[test]
    fn excluded_ids_leave_the_rules_waive_lists() {
        let t = run("[tailoring]\nexclude = [{ id = \"1.3\", reason = \"不要\" }]\n");
        assert_eq!(t.spec.rules[0].waives, ["1.4", "1.5"]);
        // The note moves to the next requirement still asked.
        assert_eq!(t.spec.rules[0].before.as_deref(), Some("1.4"));
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        let t = run(
            "[tailoring]\nexclude = [{ id = \"1.3\", reason = \"x\" }, { id = \"1.4\", reason = \
             \"x\" }, { id = \"1.5\", reason = \"x\" }]\n",
        );
        assert!(t.spec.rules.is_empty());
    }

    #[test]
    fn unknown_ids_are_errors_naming_key_and_line() {
        let err = tailor(
            &catalog(),
            &config("[tailoring]\nrequire = [\"1.4\"]\nexclude = [{ id = \"9.9\", reason = \"x\" }]\napplies = [\"1.99\"]\n"),
            "00",
        )
        .unwrap_err();
        let Error::Findings(all) = &err else {
            panic!("{err}")
        };
        let codes: Vec<&str> = all.iter().map(Diagnostic::code).collect();
        assert_eq!(codes, ["tailoring-unknown-id", "tailoring-unknown-id"]);
        let err = err.to_string();
        assert!(
            err.contains("procspec.toml:3: [tailoring] exclude names `9.9`"),
            "{err}"
        );
        assert!(
            err.contains("procspec.toml:4: [tailoring] applies names `1.99`"),
            "{err}"
        );
        assert!(err.contains("from 1.1 to 1.5"), "{err}");
    }

    #[test]
    fn require_raises_optional_to_mandatory() {
        let t = run("[tailoring]\nrequire = [\"1.5\", \"1.4\"]\npoints = { \"1.1\" = 5 }\n");
        let r = t.spec.requirement("1.5").unwrap();
        assert_eq!((r.level, r.raised, r.points), (Level::Mandatory, true, 0));
        assert_eq!(t.spec.requirement("1.1").unwrap().points, 5);
        // 1.4 is already mandatory: a warning at its line.
        assert_eq!(t.diagnostics.len(), 1);
        assert_eq!(
            t.diagnostics[0].finding,
            Finding::RequireAlreadyMandatory {
                raw: "1.4".into(),
                id: "1.4".into()
            }
        );
        assert_eq!(t.diagnostics[0].code(), "require-already-mandatory");
        assert_eq!(
            t.diagnostics[0].location.as_ref().unwrap().to_string(),
            "procspec.toml:2"
        );
    }

    #[test]
    fn applies_marks_conditional_requirements() {
        let t = run("[tailoring]\napplies = [\"1.2\"]\n");
        assert!(t.spec.requirement("1.2").unwrap().applies);
        assert!(!t.spec.requirement("1.1").unwrap().applies);
        assert!(t.diagnostics.is_empty());
        let t = run("[tailoring]\napplies = [\"1.1\"]\n");
        assert_eq!(t.diagnostics[0].code(), "applies-without-condition");
        assert!(crate::words::message(Lang::En, &t.diagnostics[0].finding)
            .contains("no applicability condition"));
    }

    #[test]
    fn substitutions_reach_text_titles_conditions_and_rules_without_chaining() {
        let t = run("[tailoring]\nsubstitute = { \"本市\" = \"本町\", \"本町\" = \"X\", \"無い語\" = \"y\" }\n");
        assert_eq!(t.spec.requirement("1.3").unwrap().text, "本町の承諾");
        assert_eq!(
            t.spec.requirement("1.2").unwrap().text,
            "生成AIに該当する場合には、本町の許可"
        );
        assert!(t.spec.rules[0].text.ends_with("（本町）"));
        let unused: Vec<_> = t.diagnostics.iter().map(|d| &d.finding).collect();
        assert_eq!(unused.len(), 2, "{unused:?}");
        for from in ["無い語", "本町"] {
            assert!(unused.contains(&&Finding::SubstituteUnused { from: from.into() }));
        }
    }

    #[test]
    fn a_lower_confidentiality_drops_the_section_with_a_warning() {
        let t = run("[tailoring]\nconfidentiality = 1\n");
        assert!(t.spec.requirements.is_empty());
        assert!(t.spec.rules.is_empty());
        assert_eq!(t.spec.excluded.len(), 5);
        assert!(t.spec.excluded[0].reason.contains("機密性2以上"));
        assert!(t
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.code() == "nothing-left-to-ask"));
    }

    #[test]
    fn language_follows_the_configuration() {
        assert_eq!(run("").spec.lang, Lang::Ja);
        assert_eq!(
            run("[procurement]\nlanguage = \"en\"\n").spec.lang,
            Lang::En
        );
    }

    #[test]
    fn substitution_scans_once_longest_first() {
        let map: BTreeMap<String, String> = [("市", "町"), ("本市", "本村")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let mut s = Substitutions::new(&map).unwrap();
        assert_eq!(s.apply("本市と市"), "本村と町");
        assert!(s.unused().is_empty());
        let empty: BTreeMap<String, String> = [(String::new(), "x".to_string())].into();
        assert!(Substitutions::new(&empty).is_err());
    }
}
