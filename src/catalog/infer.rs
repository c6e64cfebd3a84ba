//! Row classification and rule inference: from [`RawTable`]s to a [`Catalog`].
//!
//! The header row is found by its column names, never by position. Each row after it is a
//! section (`1.外部サービス要件(機密性2以上)`), a requirement (an id and a level), or a condition
//! row that waives later requirements (`…場合、以下の要件は不要`). A condition written at the start
//! of a requirement cell (sample 1.8) is split off into a rule; the requirement's text is what
//! follows it. Conditions are read as and/or over requirement ids, following how Japanese and
//! English prose join them (`と`/`及び`/`かつ` = and, `または`/`もしくは`/`、` = or).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::header::{self, Header, LevelColumn};
use super::{LoadOptions, Loaded, RawCell, RawTable};
use crate::config::RuleConfig;
use crate::error::{Error, Result};
use crate::finding::Column as Needed;
use crate::id;
use crate::model::{
    Catalog, Diagnostic, Finding, Lang, Level, Location, Requirement, Rule, RuleOrigin, Section,
    Severity, TableRead,
};
use crate::rules::{self, Expr};

/// Builds the catalog from the tables of one file: every table whose header is found (by
/// [`header::detect`]) joins it, in file order. A table under a Markdown `##` heading is a
/// section of that name; when several sheets hold tables, each sheet is a section.
pub fn understand(name: &str, tables: Vec<RawTable>, options: &LoadOptions) -> Result<Loaded> {
    let columns = options.columns.as_ref();
    let headers: Vec<Option<Header>> = tables
        .iter()
        .map(|t| header::detect(&t.rows, columns))
        .collect();
    if headers.iter().all(Option::is_none) {
        return Err(no_table(name, &tables));
    }
    // The tables move into the catalog's reading: a sheet's rows are not copied.
    let with_header: Vec<(RawTable, Header)> = tables
        .into_iter()
        .zip(headers)
        .filter_map(|(t, h)| h.map(|h| (t, h)))
        .collect();
    // Not empty: some table has a header (checked above).
    let (first, first_header) = &with_header[0];
    let lang = Lang::detect(
        &with_header
            .iter()
            .flat_map(|(t, h)| t.rows.iter().skip(h.row).take(8).flatten())
            .map(|c| c.text.as_str())
            .collect::<String>(),
    );
    let title = first.title.clone().or_else(|| {
        // A sheet's rows above its header: a title such as `外部サービス要件` merged across.
        let above: Vec<&str> = first.rows[..first_header.row]
            .iter()
            .flatten()
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        (!above.is_empty()).then(|| above.join("\n"))
    });
    let sheets = with_header
        .iter()
        .filter(|(t, _)| t.sheet.is_some())
        .count();
    let mut reader = Reader {
        lang,
        default_level: options.default_level,
        catalog: Catalog {
            source: name.to_string(),
            title,
            lang,
            sections: Vec::new(),
            requirements: Vec::new(),
            rules: Vec::new(),
            tables: Vec::new(),
        },
        drafts: Vec::new(),
        diagnostics: Vec::new(),
        seen: HashMap::new(),
    };
    let mut without_level = 0;
    for (table, header) in &with_header {
        let header_row = &table.rows[header.row];
        reader.catalog.tables.push(TableRead {
            header: header_row
                .first()
                .map(|c| c.location.clone())
                .unwrap_or_else(|| table.location.clone()),
            columns: header.columns(header_row),
        });
        let section = table
            .section
            .clone()
            .or_else(|| table.sheet.clone().filter(|_| sheets > 1));
        if let Some(section) = section {
            let place = header_row
                .first()
                .map(|c| c.location.clone())
                .unwrap_or_else(|| table.location.clone());
            reader.section(&section, place);
        }
        let before = reader.catalog.requirements.len();
        for row in table.rows.iter().skip(header.row + 1) {
            if !header.repeated_by(row) {
                reader.row(row, header);
            }
        }
        if header.level == LevelColumn::None {
            without_level += reader.catalog.requirements.len() - before;
        }
    }
    if without_level > 0 {
        let place = with_header
            .iter()
            .find(|(_, h)| h.level == LevelColumn::None)
            .and_then(|(t, h)| t.rows[h.row].first())
            .map(|c| c.location.clone());
        let mut finding = Diagnostic::warning(Finding::LevelColumnMissing {
            rows: without_level,
            read_as: options.default_level,
        });
        finding.location = place;
        reader.diagnostics.push(finding);
    }
    reader.finish();
    Ok(Loaded {
        catalog: reader.catalog,
        diagnostics: reader.diagnostics,
    })
}

/// The error about a file where no table's header is found: the columns the closest row lacks
/// and the rows the search considered.
fn no_table(name: &str, tables: &[RawTable]) -> Error {
    // The table with the most rows is the one the user means.
    let table = tables.iter().max_by_key(|t| t.rows.len());
    let place = table
        .map(|t| t.location.clone())
        .unwrap_or_else(|| Location::file(name));
    let considered = table
        .map(|t| header::considered(&t.rows))
        .unwrap_or_default();
    let roles: Vec<header::Role> = considered
        .iter()
        .map(|row| row.cells.iter().filter_map(|c| c.2).collect::<Vec<_>>())
        .max_by_key(|roles| roles.len())
        .unwrap_or_default();
    let mut missing = Vec::new();
    if !roles.contains(&header::Role::Id) {
        missing.push(Needed::Id);
    }
    if !roles.contains(&header::Role::Text) {
        missing.push(Needed::Requirement);
    }
    if missing.is_empty() {
        // Both named, and no row below bore them out: the ids are what is missing.
        missing.push(Needed::Id);
    }
    Error::finding(
        place,
        Finding::TableWithoutHeader {
            missing,
            considered,
        },
    )
}

/// A rule read from prose, before its targets are resolved against the whole table.
struct Draft {
    when: Expr,
    target: Target,
    text: String,
    origin: RuleOrigin,
    /// Number of requirements before the row the rule was read from.
    position: usize,
    section: Option<usize>,
    location: Location,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// `以下` / "the following": to the end of the section.
    Following,
    Spans(Vec<rules::IdSpan>),
}

struct Reader {
    lang: Lang,
    /// The level of a row without one (`[catalog] default_level`).
    default_level: Level,
    catalog: Catalog,
    drafts: Vec<Draft>,
    diagnostics: Vec<Diagnostic>,
    /// The index in `catalog.requirements` of each id read so far: finding a duplicate by
    /// searching the list would make a large table quadratic.
    seen: HashMap<String, usize>,
}

impl Reader {
    fn row(&mut self, row: &[RawCell], header: &Header) {
        let cell = |i: usize| row.get(i).map(|c| c.text.trim()).unwrap_or("");
        let (id_cell, text) = (cell(header.id), cell(header.text));
        // `None`: the table has no level column.
        let level_cell: Option<&str> = match &header.level {
            LevelColumn::None => None,
            LevelColumn::One(i) => Some(cell(*i)),
            LevelColumn::Marks(marks) => Some(
                marks
                    .iter()
                    .find(|(i, _)| header::is_marked(cell(*i)))
                    .map_or("", |(_, name)| name.as_str()),
            ),
        };
        let title_cell = header.title.map(cell).unwrap_or("");
        let location = row
            .get(header.id)
            .or_else(|| row.first())
            .map(|c| c.location.clone())
            .unwrap_or_default();
        let filled: Vec<&str> = row
            .iter()
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if filled.is_empty() {
            return;
        }
        if let Some(section) = header.section.map(cell).filter(|s| !s.is_empty()) {
            let current = self.catalog.sections.last().map(|s| s.heading.as_str());
            if current != Some(section) {
                self.section(section, location.clone());
            }
        }
        let parsed = header::parse_id(id_cell);
        // A bare number with text but no level is a numbered section heading (`1 | 総則 |`), in
        // a table that has levels; without a level column every id is a requirement.
        let top_level_number = level_cell.is_some()
            && parsed
                .as_deref()
                .is_some_and(|id| !id.contains(['.', '-', '_']));
        if let Some(id) = &parsed {
            let heading = level_cell == Some("") && top_level_number && !text.contains('。');
            if !text.is_empty() && !heading {
                self.requirement(id, id_cell, title_cell, text, level_cell, location);
                return;
            }
        }
        // A row of one text (often merged across the columns): a condition or a section.
        let note = filled.join(" ");
        if let Some(waiver) = find_waiver(&note) {
            self.draft(&waiver, note.clone(), RuleOrigin::ConditionRow, location);
        } else if text.is_empty() && level_cell.unwrap_or("").is_empty() || top_level_number {
            self.section(&note, location);
        } else {
            self.diagnostics
                .push(Diagnostic::warning(Finding::RowNotUnderstood { row: note }).at(location));
        }
    }

    /// A row's level and the level as the table writes it, when that is its own; `level_cell`
    /// is `None` in a table without a level column.
    fn level(
        &mut self,
        id: &str,
        level_cell: Option<&str>,
        location: &Location,
    ) -> (Level, Option<String>) {
        match level_cell {
            None => (self.default_level, None),
            Some("") => {
                self.diagnostics.push(
                    Diagnostic::error(Finding::LevelMissing { id: id.to_string() })
                        .at(location.clone()),
                );
                (self.default_level, None)
            }
            Some(written) => match Level::parse(written) {
                Some(level) if Level::is_label(written) => (level, None),
                Some(level) => (level, Some(written.to_string())),
                None => (self.default_level, Some(written.to_string())),
            },
        }
    }

    fn section(&mut self, heading: &str, location: Location) {
        let heading = heading.trim().to_string();
        let min_confidentiality = RE_CONFIDENTIALITY
            .captures(&heading)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .and_then(|m| id::fold(m.as_str()).parse().ok());
        let without_condition = RE_CONFIDENTIALITY.replace(&heading, "");
        let title = RE_SECTION_NUMBER
            .replace(without_condition.trim(), "")
            .trim()
            .to_string();
        self.catalog.sections.push(Section {
            title: if title.is_empty() {
                heading.clone()
            } else {
                title
            },
            heading,
            min_confidentiality,
            location,
        });
    }

    fn requirement(
        &mut self,
        id: &str,
        id_cell: &str,
        title_cell: &str,
        text: &str,
        level_cell: Option<&str>,
        location: Location,
    ) {
        let id = id.to_string();
        let (level, own_level) = self.level(&id, level_cell, &location);
        let mut body = text.trim();
        // A rule written before the requirement's own text (sample 1.8); a cell that is nothing
        // but a rule keeps its text, so that the requirement still says something.
        if let Some(waiver) = find_waiver(body).filter(|w| w.start == 0 && w.end < body.len()) {
            let rest = body[waiver.end..].trim();
            self.draft(
                &waiver,
                body[..waiver.end].trim().to_string(),
                RuleOrigin::Embedded {
                    requirement: id.clone(),
                },
                location.clone(),
            );
            // The rule holds for its own row too: count it as before this requirement.
            if let Some(d) = self.drafts.last_mut() {
                d.position = self.catalog.requirements.len();
            }
            body = rest;
        }
        let (title, body) = if title_cell.is_empty() {
            split_title(body, self.lang)
        } else {
            (Some(title_cell.to_string()), body.to_string())
        };
        let applies_if = applicability(&body);
        let evidence = RE_EVIDENCE.is_match(&body);
        let first = self
            .seen
            .get(&id)
            .and_then(|&i| self.catalog.requirements.get(i));
        if let Some(first) = first {
            self.diagnostics.push(
                Diagnostic::error(Finding::DuplicateId {
                    id: id.clone(),
                    first: first.location.clone(),
                })
                .at(location.clone()),
            );
        }
        let next = self.catalog.requirements.len();
        self.seen.entry(id.clone()).or_insert(next);
        self.catalog.requirements.push(Requirement {
            id,
            label: id_cell.trim().to_string(),
            title,
            text: body,
            level,
            own_level,
            section: self.catalog.sections.len().checked_sub(1),
            applies_if,
            evidence,
            location,
        });
    }

    fn draft(&mut self, waiver: &Waiver, text: String, origin: RuleOrigin, location: Location) {
        let condition = read_condition(&waiver.condition);
        let Some(when) = condition else {
            self.diagnostics
                .push(Diagnostic::error(Finding::WaivedUnconditionally { text }).at(location));
            return;
        };
        let target = if waiver.following {
            Target::Following
        } else {
            match read_target(&waiver.target) {
                Some(spans) => Target::Spans(spans),
                None => {
                    self.diagnostics.push(
                        Diagnostic::warning(Finding::WaiverTargetUnreadable {
                            target: waiver.target.clone(),
                        })
                        .at(location),
                    );
                    return;
                }
            }
        };
        self.drafts.push(Draft {
            when,
            target,
            text,
            origin,
            position: self.catalog.requirements.len(),
            section: self.catalog.sections.len().checked_sub(1),
            location,
        });
    }

    /// Resolves rule targets over the whole table and runs the table-wide lints.
    fn finish(&mut self) {
        let order: Vec<&str> = self
            .catalog
            .requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        let known: HashSet<&str> = order.iter().copied().collect();
        let mut resolved = Vec::new();
        let mut diagnostics = Vec::new();
        for draft in &self.drafts {
            let unknown: Vec<&str> = draft
                .when
                .ids()
                .into_iter()
                .filter(|id| !known.contains(id))
                .collect();
            if !unknown.is_empty() {
                diagnostics.push(
                    Diagnostic::error(Finding::RuleNamesUnknownId {
                        ids: unknown.iter().map(|id| id.to_string()).collect(),
                    })
                    .at(draft.location.clone()),
                );
                continue;
            }
            let waives = match &draft.target {
                Target::Following => self.catalog.requirements[draft.position.min(order.len())..]
                    .iter()
                    .take_while(|r| r.section == draft.section)
                    .map(|r| r.id.clone())
                    .collect(),
                Target::Spans(spans) => match rules::expand(spans, &order) {
                    Ok(ids) => ids,
                    Err(e) => {
                        diagnostics.push(
                            Diagnostic::error(Finding::WaiverRangeUnresolved {
                                detail: e.to_string(),
                            })
                            .at(draft.location.clone()),
                        );
                        continue;
                    }
                },
            };
            if waives.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(Finding::WaivesNothing {
                        text: draft.text.clone(),
                    })
                    .at(draft.location.clone()),
                );
                continue;
            }
            resolved.push(Rule {
                when: draft.when.clone(),
                waives,
                text: draft.text.clone(),
                origin: draft.origin.clone(),
                before: self
                    .catalog
                    .requirements
                    .get(draft.position)
                    .map(|r| r.id.clone()),
                location: Some(draft.location.clone()),
            });
        }
        self.catalog.rules = resolved;
        self.diagnostics.extend(diagnostics);
        let cycles = lint_cycles(&self.catalog);
        self.diagnostics.extend(cycles);
    }
}

/// A rule whose waived requirements feed back into its own condition, directly or through
/// other rules, can never be applied consistently.
fn lint_cycles(catalog: &Catalog) -> Vec<Diagnostic> {
    let mut edges: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for rule in &catalog.rules {
        for c in rule.when.ids() {
            edges
                .entry(c)
                .or_default()
                .extend(rule.waives.iter().map(String::as_str));
        }
    }
    let mut diagnostics = Vec::new();
    let mut reported: HashSet<&str> = HashSet::new();
    for rule in &catalog.rules {
        for start in rule.when.ids() {
            // Depth-first from `start`: can we get back to it?
            let mut stack = vec![(start, vec![start])];
            let mut seen: HashSet<&str> = HashSet::new();
            while let Some((node, path)) = stack.pop() {
                for &next in edges.get(node).into_iter().flatten() {
                    if next == start {
                        if reported.insert(start) {
                            let mut path: Vec<String> =
                                path.iter().map(|id| id.to_string()).collect();
                            path.push(start.to_string());
                            diagnostics.push(
                                Diagnostic::error(Finding::RuleCycle { path })
                                    .at(rule.location.clone().unwrap_or_default()),
                            );
                        }
                    } else if seen.insert(next) {
                        let mut p = path.clone();
                        p.push(next);
                        stack.push((next, p));
                    }
                }
            }
        }
    }
    diagnostics
}

/// Applies `[[rules]]` from procspec.toml: each replaces the inferred rule whose waived ids start
/// at the same id, or is added. With `infer_rules = false` only configured rules are kept.
pub fn apply_config_rules(
    catalog: &mut Catalog,
    configured: &[RuleConfig],
    infer_rules: bool,
    config_name: &str,
) -> Vec<Diagnostic> {
    if !infer_rules {
        catalog.rules.clear();
    }
    let mut diagnostics = Vec::new();
    let order: Vec<String> = catalog.requirements.iter().map(|r| r.id.clone()).collect();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    for (i, rc) in configured.iter().enumerate() {
        let place = Location::file(format!("{config_name} [[rules]] #{}", i + 1));
        // Boxed: a finding is large, and most entries parse.
        let invalid = |detail: String| Box::new(Finding::ConfigRuleInvalid { detail });
        let parsed = Expr::parse(&rc.when).map_err(invalid).and_then(|when| {
            let unknown: Vec<&str> = when
                .ids()
                .into_iter()
                .filter(|id| !order.contains(id))
                .collect();
            if !unknown.is_empty() {
                return Err(Box::new(Finding::ConfigRuleUnknownId {
                    ids: unknown.iter().map(|id| id.to_string()).collect(),
                }));
            }
            let spans = rules::parse_ids(&rc.waive).map_err(invalid)?;
            let waives = rules::expand(&spans, &order).map_err(invalid)?;
            Ok((when, waives))
        });
        match parsed {
            Ok((when, waives)) => {
                catalog.rules.retain(|r| {
                    r.origin == RuleOrigin::Config || r.waives.first() != waives.first()
                });
                catalog.rules.push(Rule {
                    text: format!("when = \"{}\", waive = \"{}\"", rc.when, rc.waive),
                    before: waives.first().cloned(),
                    when,
                    waives,
                    origin: RuleOrigin::Config,
                    location: Some(place),
                });
            }
            Err(finding) => diagnostics.push(Diagnostic::error(*finding).at(place)),
        }
    }
    if !configured.is_empty() {
        diagnostics.extend(lint_cycles(catalog));
    }
    diagnostics
}

// ----- reading the prose -----
//
// The patterns are constants, compiled on first use; `tests::every_pattern_compiles` compiles
// every one of them, so their `expect` cannot fire on any input.

/// Japanese: `…場合、以下の要件は不要` / `…場合、1.8~1.13の要件は不要`.
static RE_WAIVER_JA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)^(?P<cond>.*?)(?:場合(?:には|は)?[、，,]?\s*)?(?:(?P<following>以下|下記|次)|(?P<target>[0-9０-９A-Za-zＡ-Ｚａ-ｚ.．\-－‐_~～〜、,，・\sからまで及びおよびと]+?))の?(?:各)?要件(?:は|を|について)?(?:全て|すべて)?(?:不要|免除|適用しない|対象外|求めない)(?:とする|です)?[。．.]?",
    )
    .expect("a valid pattern")
});

/// English: `If SEC-1 is met, requirements SEC-3 to SEC-5 are not required.`
static RE_WAIVER_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)^\s*(?:if|where|when)\s+(?P<cond>.*?)\s+(?:is|are)\s+(?:met|fulfilled|satisfied|complied with)\s*,?\s*(?:then\s+)?(?:(?P<following>the\s+following(?:\s+requirements)?|all\s+following\s+requirements)|(?:the\s+)?(?:requirements?\s+)?(?P<target>[A-Za-z0-9.\-_\s,]+?))\s+(?:is|are)\s+(?:not\s+required|waived|not\s+needed|not\s+applicable)\.?",
    )
    .expect("a valid pattern")
});

struct Waiver {
    condition: String,
    following: bool,
    target: String,
    start: usize,
    end: usize,
}

fn find_waiver(text: &str) -> Option<Waiver> {
    [&*RE_WAIVER_JA, &*RE_WAIVER_EN].iter().find_map(|re| {
        let caps = re.captures(text)?;
        let whole = caps.get(0)?;
        Some(Waiver {
            condition: caps.name("cond")?.as_str().to_string(),
            following: caps.name("following").is_some(),
            target: caps
                .name("target")
                .map(|m| m.as_str().to_string())
                .unwrap_or_default(),
            start: whole.start(),
            end: whole.end(),
        })
    })
}

/// Candidate ids in prose: `1.1.`, `1.10`, `2-1`, `SEC-3`; matched on NFKC text.
static RE_ID_IN_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[a-z]{1,8}[-_]?)?[0-9]+(?:[.\-_][0-9]+)*\.?").expect("a valid pattern")
});

/// Ids in prose with their byte ranges in `folded`. Letters-only prefixes must be glued to a
/// number (`SEC-3`), and a bare number is an id only if it has a separator (`1.1`, `2-1`) or a
/// prefix, so that years and counts (`2013`, `1年間`) are not read as ids.
fn ids_in(folded: &str) -> Vec<(String, usize, usize)> {
    RE_ID_IN_PROSE
        .find_iter(folded)
        .filter(|m| {
            let t = m.as_str().trim_end_matches('.');
            t.contains(['.', '-', '_']) || t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        })
        .filter(|m| {
            // Not part of a longer word (ISO/IEC 27001:2013, ISMAP-LIU).
            let before = folded[..m.start()].chars().next_back();
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == ':' || c == '/')
        })
        .filter(|m| !is_quantity_or_version(folded, m.start(), m.end()))
        .map(|m| (id::normalize(m.as_str()), m.start(), m.end()))
        .collect()
}

/// Whether the number at `start..end` of `folded` is a quantity (`99.9%`, `24時間`, `5年`,
/// `3世代`, `100万円`) or a version (`TLS 1.2`, `v4.0.1`, `Ver.2.1`): no requirement id.
fn is_quantity_or_version(folded: &str, start: usize, end: usize) -> bool {
    const UNITS: [&str; 22] = [
        "%",
        "％",
        "パーセント",
        "時間",
        "分",
        "秒",
        "日",
        "週",
        "か月",
        "ヶ月",
        "ヵ月",
        "ケ月",
        "月",
        "年",
        "世代",
        "円",
        "万",
        "億",
        "件",
        "回",
        "倍",
        "人",
    ];
    const ASCII_UNITS: [&str; 10] = [
        "gb", "mb", "kb", "tb", "ms", "mbps", "gbps", "hours", "days", "years",
    ];
    let after = folded[end..].trim_start();
    if UNITS.iter().any(|u| after.starts_with(u)) {
        return true;
    }
    let word: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_lowercase();
    if ASCII_UNITS.contains(&word.as_str()) {
        return true;
    }
    let before = folded[..start].trim_end().to_lowercase();
    [
        "tls",
        "ssl",
        "v",
        "ver",
        "ver.",
        "version",
        "バージョン",
        "http/",
        "pci dss",
        "dss",
    ]
    .iter()
    .any(|p| before.ends_with(p))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Join {
    And,
    Or,
    /// A bare `、` in a list takes the meaning of the list's last conjunction:
    /// `1.6、1.7及び1.10` = and, `1.6、1.7又は1.10` = or.
    List,
}

fn join_of(gap: &str) -> Join {
    let g = gap.trim().to_lowercase();
    if matches!(g.as_str(), "、" | "," | "，") {
        return Join::List;
    }
    const OR: [&str; 8] = [
        "または",
        "又は",
        "もしくは",
        "若しくは",
        "あるいは",
        "或いは",
        "|",
        "、",
    ];
    const AND: [&str; 7] = ["及び", "および", "かつ", "並びに", "&", "と", "・"];
    let words: Vec<&str> = g
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if OR.iter().any(|m| g.contains(m)) || g.contains(',') || words.contains(&"or") {
        Join::Or
    } else if AND.iter().any(|m| g.contains(m)) || words.contains(&"and") {
        Join::And
    } else {
        Join::Or
    }
}

/// Reads a condition as and/or over the ids it names; `None` when it names no id.
fn read_condition(condition: &str) -> Option<Expr> {
    let folded = id::fold(condition);
    let ids = ids_in(&folded);
    if ids.is_empty() {
        return None;
    }
    let mut joins: Vec<Join> = ids
        .windows(2)
        .map(|w| join_of(&folded[w[0].2..w[1].1]))
        .collect();
    // A list comma takes the next explicit conjunction; a list that ends without one is "or".
    for i in (0..joins.len()).rev() {
        if joins[i] == Join::List {
            joins[i] = joins.get(i + 1).copied().unwrap_or(Join::Or);
            if joins[i] == Join::List {
                joins[i] = Join::Or;
            }
        }
    }
    let mut groups: Vec<Vec<Expr>> = vec![vec![Expr::Id(ids[0].0.clone())]];
    for (join, (id, _, _)) in joins.iter().zip(ids.iter().skip(1)) {
        let atom = Expr::Id(id.clone());
        match join {
            Join::Or => groups.push(vec![atom]),
            _ => {
                if let Some(g) = groups.last_mut() {
                    if !g.contains(&atom) {
                        g.push(atom);
                    }
                }
            }
        }
    }
    let mut alternatives: Vec<Expr> = Vec::new();
    for g in groups {
        let e = Expr::and(g);
        if !alternatives.contains(&e) {
            alternatives.push(e);
        }
    }
    Some(Expr::or(alternatives))
}

/// Range separators between two ids: `~ ～ 〜 から - – to`.
static RE_RANGE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:~|〜|～|から|-|–|—|to|through|thru)\s*$").expect("a valid pattern")
});

/// Reads `1.8~1.13`, `1.8から1.13まで`, `SEC-3 to SEC-5`, `1.8、1.9`, `2-1-2-5` into spans.
fn read_target(target: &str) -> Option<Vec<rules::IdSpan>> {
    let folded = id::fold(target);
    let mut ids = ids_in(&folded);
    // `1.8-1.13` reads as one candidate: split it at a hyphen into two ids that look whole.
    if ids.len() == 1 {
        let (text, start, _) = ids[0].clone();
        if let Some((a, b)) = split_hyphen_range(&text) {
            ids = vec![(a, start, start), (b, start, start)];
            return Some(vec![rules::IdSpan::Range(
                ids[0].0.clone(),
                ids[1].0.clone(),
            )]);
        }
    }
    if ids.is_empty() {
        return None;
    }
    let mut spans = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let is_range = ids
            .get(i + 1)
            .is_some_and(|next| RE_RANGE_GAP.is_match(&folded[ids[i].2..next.1]));
        if is_range {
            spans.push(rules::IdSpan::Range(ids[i].0.clone(), ids[i + 1].0.clone()));
            i += 2;
        } else {
            spans.push(rules::IdSpan::One(ids[i].0.clone()));
            i += 1;
        }
    }
    Some(spans)
}

/// `1.8-1.13` → (`1.8`, `1.13`); `2-1-2-5` → (`2-1`, `2-5`). Only splits where both halves have
/// the same shape, so `2-1` alone stays one id.
fn split_hyphen_range(text: &str) -> Option<(String, String)> {
    let shape = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect::<String>()
            .split('9')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("9")
    };
    text.match_indices('-').find_map(|(i, _)| {
        let (a, b) = (&text[..i], &text[i + 1..]);
        (!a.is_empty() && !b.is_empty() && shape(a) == shape(b) && id::looks_like_id(a))
            .then(|| (a.to_string(), b.to_string()))
    })
}

/// A short heading before the body: `SLA サービスレベルの保証…` → (`SLA`, `サービスレベルの保証…`).
fn split_title(text: &str, lang: Lang) -> (Option<String>, String) {
    let text = text.trim();
    match lang {
        Lang::Ja => {
            let Some((head, rest)) = text.split_once([' ', '\u{3000}', '\n']) else {
                return (None, text.to_string());
            };
            let rest = rest.trim();
            let is_title = !rest.is_empty()
                && head.chars().count() <= 40
                && !head.contains(['、', '。', ',', '，', '．'])
                && !head.ends_with("こと")
                && !head.ends_with("場合")
                && !head.ends_with("場合には")
                && !head.starts_with(['・', '※']);
            if is_title {
                (Some(head.to_string()), rest.to_string())
            } else {
                (None, text.to_string())
            }
        }
        Lang::En => {
            if let Some((head, rest)) = text.split_once('\n') {
                let head = head.trim();
                if head.chars().count() <= 80 && !head.ends_with('.') && !rest.trim().is_empty() {
                    return (Some(head.to_string()), rest.trim().to_string());
                }
            }
            if let Some(c) = RE_TITLE_EN.captures(text) {
                if let (Some(h), Some(r)) = (c.get(1), c.get(2)) {
                    return (Some(h.as_str().trim().to_string()), r.as_str().to_string());
                }
            }
            (None, text.to_string())
        }
    }
}

static RE_TITLE_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^([A-Za-z][A-Za-z /&()-]{0,58}):\s+(.+)$").expect("a valid pattern")
});

/// The condition under which a requirement applies, as written.
fn applicability(body: &str) -> Option<String> {
    // `1.1でISMAPへの登録が行われていない場合 利用しようとする…` (sample 1.2).
    if let Some((head, _)) = body.split_once([' ', '\u{3000}', '\n']) {
        if head.ends_with("場合") && !head.contains('。') {
            return Some(head.to_string());
        }
    }
    if let Some(c) = RE_APPLIES_JA.captures(body) {
        return c.get(1).map(|m| m.as_str().to_string());
    }
    RE_APPLIES_EN
        .captures(body)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
}

/// `外部サービスが生成AIを利用したサービスに該当する場合には、` (sample 1.5).
static RE_APPLIES_JA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^。、]{1,120}?(?:に該当する場合|場合))(?:には|は)[、，,]?")
        .expect("a valid pattern")
});

/// `Where the service uses generative AI, …`.
static RE_APPLIES_EN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^((?:where|if|when|in case)\s+the\s+(?:service|system|solution|supplier|bidder|provider|product|cloud service)\b[^,.]{1,150}),",
    )
    .expect("a valid pattern")
});

/// The requirement asks the bidder to present, show or describe something (evidence), not only
/// to have a capability.
static RE_EVIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:提示|提出|明示|情報提供|説明|報告)(?:する|される)こと|示すこと|\bdescribe\b|\bprovide\s+(?:evidence|a\s+description|details|documentation|the\s+document|a\s+copy)|\bsubmit\b|\bdemonstrate\b|\bexplain\b|\bpresent\b",
    )
    .expect("a valid pattern")
});

/// `(機密性2以上)` / `(confidentiality 2 or higher)`.
static RE_CONFIDENTIALITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[(（]\s*(?:機密性\s*([0-9０-９])\s*以上|confidentiality\s*(?:class\s*|level\s*)?([0-9])\s*(?:or\s+(?:higher|above|more)|\+))\s*[)）]",
    )
    .expect("a valid pattern")
});

/// The number before a section heading: `1.` `1．` `第1章` `1 `.
static RE_SECTION_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第\s*[0-9０-９]+\s*[章節]|[0-9０-９]+(?:[.．][0-9０-９]+)*[.．、]?)\s*")
        .expect("a valid pattern")
});

/// Counts of diagnostics by severity: `(errors, warnings)`.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every constant pattern compiles, so no `expect("a valid pattern")` above can fire on
    /// any input.
    #[test]
    fn every_pattern_compiles() {
        for pattern in [
            &RE_WAIVER_JA,
            &RE_WAIVER_EN,
            &RE_ID_IN_PROSE,
            &RE_RANGE_GAP,
            &RE_TITLE_EN,
            &RE_APPLIES_JA,
            &RE_APPLIES_EN,
            &RE_EVIDENCE,
            &RE_CONFIDENTIALITY,
            &RE_SECTION_NUMBER,
        ] {
            LazyLock::force(pattern);
        }
    }

    fn cond(text: &str) -> String {
        read_condition(text)
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn conditions_of_the_sample() {
        assert_eq!(
            cond("1.1.でISMAPへの登録が行われている場合、1.2.でISMAP-LIUへの登録が行われている場合、または1.4.でASPICへの登録が行われている"),
            "1.1 | 1.2 | 1.4"
        );
        assert_eq!(cond("1.7でISMAPへの登録が行われている"), "1.7");
        assert_eq!(
            cond("1.6と1.7もしくは、1.6と1.10の認証を取得している"),
            "(1.6 & 1.7) | (1.6 & 1.10)"
        );
    }

    #[test]
    fn conditions_written_otherwise() {
        assert_eq!(
            cond("1.6、1.7及び1.10の認証を取得している"),
            "1.6 & 1.7 & 1.10"
        );
        assert_eq!(
            cond("1.6、1.7又は1.10の認証を取得している"),
            "1.6 | 1.7 | 1.10"
        );
        assert_eq!(cond("２－１かつ２－２を満たす"), "2-1 & 2-2");
        assert_eq!(cond("SEC-1 and SEC-2"), "SEC-1 & SEC-2");
        assert_eq!(cond("SEC-1 or SEC-2"), "SEC-1 | SEC-2");
        assert_eq!(cond("ISO/IEC 27001:2013を取得している"), "");
    }

    #[test]
    fn waiver_targets_with_every_separator() {
        for text in [
            "1.8~1.13",
            "1.8～1.13",
            "1.8〜1.13",
            "1.8から1.13",
            "1.8から1.13まで",
            "1.8-1.13",
            "1.8 to 1.13",
            "１．８～１．１３",
        ] {
            assert_eq!(
                read_target(text),
                Some(vec![rules::IdSpan::Range("1.8".into(), "1.13".into())]),
                "{text}"
            );
        }
        assert_eq!(
            read_target("2-1-2-5"),
            Some(vec![rules::IdSpan::Range("2-1".into(), "2-5".into())])
        );
        assert_eq!(
            read_target("1.8、1.10"),
            Some(vec![
                rules::IdSpan::One("1.8".into()),
                rules::IdSpan::One("1.10".into())
            ])
        );
    }

    #[test]
    fn waivers_found_in_prose() {
        let w = find_waiver(
            "1.7でISMAPへの登録が行われている場合、1.8~1.13の要件は不要 サーバを提供する組織",
        )
        .unwrap();
        assert_eq!(w.condition, "1.7でISMAPへの登録が行われている");
        assert_eq!(w.target, "1.8~1.13");
        assert!(!w.following);
        let w =
            find_waiver("If SEC-1 is met, requirements SEC-3 to SEC-5 are not required.").unwrap();
        assert_eq!(w.condition, "SEC-1");
        assert_eq!(w.target, "SEC-3 to SEC-5");
        let w =
            find_waiver("If SEC-1 or SEC-2 is met, the following requirements are not required")
                .unwrap();
        assert!(w.following);
        assert!(find_waiver("1.1でISMAPへの登録が行われていない場合 利用しようとする").is_none());
        assert!(find_waiver("機器に異常があった場合、検知できること。").is_none());
    }

    #[test]
    fn titles_and_applicability() {
        assert_eq!(
            split_title("SLA サービスレベルの保証が定められていること。", Lang::Ja),
            (
                Some("SLA".into()),
                "サービスレベルの保証が定められていること。".into()
            )
        );
        assert_eq!(
            split_title("準拠法、裁判管轄を国内に指定できること。", Lang::Ja).0,
            None
        );
        assert_eq!(
            split_title("Encryption\nData is encrypted at rest.", Lang::En),
            (
                Some("Encryption".into()),
                "Data is encrypted at rest.".into()
            )
        );
        assert_eq!(
            split_title("Logging: Logs are kept for a year.", Lang::En)
                .0
                .as_deref(),
            Some("Logging")
        );
        assert_eq!(
            applicability(
                "外部サービスが生成AIを利用したサービスに該当する場合には、同サービスへの"
            )
            .as_deref(),
            Some("外部サービスが生成AIを利用したサービスに該当する場合")
        );
        assert_eq!(
            applicability("機器に異常があった場合、検知できること。"),
            None
        );
        assert_eq!(
            applicability("Where the service uses generative AI, inputs are not used.").as_deref(),
            Some("Where the service uses generative AI")
        );
    }
}
