//! Finding a table's header row by evidence, and the columns it names.
//!
//! Requirement tables are written by many hands: `区分 | 要件 | 要否`, `Question ID | Question |
//! CSP Answer`, `# | 説明 | レベル`, `ID,ルール名称,ルール本文（図表除く）`. A header cell is read
//! for what it names ([`Role`]) by its words, whole or inside a longer label; a row is a header
//! when it names at least an id and a requirement column and the rows below it bear that out
//! (ids in the id column, text in the text column). Of the rows that could be, the best-supported
//! one wins, so that title, version and instruction rows above a table are passed over.
//!
//! Columns meant for the respondent (Answer, 回答, Status, Notes, 備考, Ownership, …) are never
//! the requirement or the level, whatever else their label says.
//!
//! When the guess fails or is wrong, `[catalog.columns]` names the columns ([`ColumnMap`]).

use serde::{Deserialize, Serialize};

use super::RawCell;
use crate::id;
use crate::model::cell_name;

/// How far down a table the header row is looked for.
pub const HEADER_SEARCH_ROWS: usize = 50;

/// How many rows below a candidate header are read for evidence.
const EVIDENCE_ROWS: usize = 30;

/// What a column of a requirement table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Id,
    Text,
    Level,
    Title,
    Section,
}

impl Role {
    /// The key of `[catalog.columns]` for this role.
    pub fn key(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Text => "text",
            Role::Level => "level",
            Role::Title => "title",
            Role::Section => "section",
        }
    }
}

/// What one header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Role(Role, u8),
    /// `区分` names the id column in some tables and the level column in others.
    IdOrLevel,
    /// One of several check-mark level columns (`L1 | L2`).
    Mark,
    /// A column for the respondent: never the requirement or the level.
    Respondent,
}

/// Where a row's level is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelColumn {
    /// The table has no level column: every row is read at one level.
    None,
    One(usize),
    /// Check-mark columns, each named by its level (`L1`, `L2`): a row's level is the name of
    /// the first column marked.
    Marks(Vec<(usize, String)>),
}

/// The columns of a requirement table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Index of the header row in the rows given to [`find`].
    pub row: usize,
    pub id: usize,
    pub text: usize,
    pub level: LevelColumn,
    pub title: Option<usize>,
    pub section: Option<usize>,
    /// The header row's cell texts, to tell a header repeated inside the table.
    pub names: Vec<String>,
}

impl Header {
    /// Whether `row` is this header again (a header repeated on every printed page).
    pub fn repeated_by(&self, row: &[RawCell]) -> bool {
        let text = |i: usize| row.get(i).map(|c| c.text.trim()).unwrap_or("");
        let name = |i: usize| self.names.get(i).map(|t| t.trim()).unwrap_or("");
        !name(self.id).is_empty()
            && text(self.id) == name(self.id)
            && text(self.text) == name(self.text)
    }

    /// The columns used, in role order, with their letters and header texts, for `check`.
    pub fn columns(&self, row: &[RawCell]) -> Vec<ColumnUse> {
        let used = |role: Role, i: usize| ColumnUse {
            role,
            column: column_letter(row, i),
            header: self.names.get(i).cloned().unwrap_or_default(),
        };
        let mut columns = vec![used(Role::Id, self.id), used(Role::Text, self.text)];
        match &self.level {
            LevelColumn::None => {}
            LevelColumn::One(i) => columns.push(used(Role::Level, *i)),
            LevelColumn::Marks(marks) => {
                columns.extend(marks.iter().map(|(i, _)| used(Role::Level, *i)));
            }
        }
        columns.extend(self.title.map(|i| used(Role::Title, i)));
        columns.extend(self.section.map(|i| used(Role::Section, i)));
        columns
    }
}

/// A column a table was read by: `id ← A "Question ID"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnUse {
    pub role: Role,
    /// The column's letter (`A`), as a spreadsheet names it.
    pub column: String,
    /// The header cell's text.
    pub header: String,
}

/// `[catalog.columns]`: the columns of the table, named by a header's text or a column letter,
/// and optionally the header's row number (as the spreadsheet or the text editor shows it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
}

/// A row the header search considered, for the message about a table it could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Considered {
    /// Where the row is (`file!Sheet!A3`, `file:12`).
    pub place: String,
    /// The row's number as the user sees it (sheet row, line).
    pub number: usize,
    /// Its cells: column letter, text (shortened), and what the cell was taken for.
    pub cells: Vec<(String, String, Option<Role>)>,
}

/// The words of a header cell: NFKC, lower case, without white space and decoration, and its
/// ASCII tokens (`question id` → `question`, `id`; `項目ID` → `id`).
fn words(header: &str) -> (String, Vec<String>) {
    let folded = id::fold(header).to_lowercase();
    let key: String = folded
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '：' | '【' | '】' | '[' | ']'))
        .collect();
    let tokens = folded
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '#')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    (key, tokens)
}

/// How a rule of [`NAMES`] matches a header cell.
enum Names {
    /// The whole cell (NFKC, lower case, without white space or decoration) is one of these.
    Whole(&'static [&'static str]),
    /// One of the cell's ASCII words is one of these, or the cell holds one of the Japanese words.
    Words(&'static [&'static str], &'static [&'static str]),
    /// A level's name: `L1`, `Level 2`, `レベル3` ([`is_mark_name`]).
    LevelName,
}

/// What header cells name, first rule first: the respondent's columns before all (`CSP CAIQ
/// Answer`, `SSRM Control Ownership`, `回答欄`), then whole names the house has always read
/// before words inside longer labels, an id before a level, title, section or text (`Question
/// ID` is an id). The number is how sure the name is: of several columns of one role, the
/// surer wins.
const NAMES: &[(Names, Kind)] = &[
    (
        Names::Words(
            &[
                "answer",
                "answers",
                "response",
                "responses",
                "status",
                "notes",
                "note",
                "comment",
                "comments",
                "remarks",
                "ownership",
                "implementation",
                "owner",
                "yes",
            ],
            &[
                "回答",
                "備考",
                "記入",
                "コメント",
                "対応状況",
                "実施状況",
                "状況",
            ],
        ),
        Kind::Respondent,
    ),
    (Names::Whole(&["区分"]), Kind::IdOrLevel),
    (Names::LevelName, Kind::Mark),
    (
        Names::Whole(&[
            "項番",
            "番号",
            "要件番号",
            "管理番号",
            "項目番号",
            "通番",
            "id",
            "ref",
            "要件id",
            "requirementid",
            "item",
        ]),
        Kind::Role(Role::Id, 3),
    ),
    (
        Names::Whole(&["#", "no", "no.", "№"]),
        Kind::Role(Role::Id, 2),
    ),
    (
        Names::Words(&["id", "ref", "reference"], &["番号", "項番", "ｉｄ"]),
        Kind::Role(Role::Id, 3),
    ),
    (
        Names::Words(&["no", "number", "item"], &[]),
        Kind::Role(Role::Id, 2),
    ),
    (
        Names::Whole(&[
            "要否",
            "必須・任意",
            "必須/任意",
            "必須任意",
            "必須/推奨",
            "必須・推奨",
            "必須",
            "要求レベル",
        ]),
        Kind::Role(Role::Level, 3),
    ),
    (
        Names::Words(
            &[
                "level",
                "levels",
                "priority",
                "importance",
                "obligation",
                "severity",
                "criticality",
                "moscow",
            ],
            &["レベル", "重要度", "優先度", "必須", "要否", "水準"],
        ),
        Kind::Role(Role::Level, 2),
    ),
    (
        Names::Whole(&["件名", "項目", "項目名", "見出し", "title", "heading"]),
        Kind::Role(Role::Title, 3),
    ),
    (
        Names::Words(
            &["title", "heading", "name", "subject", "topic"],
            &["件名", "項目名", "見出し", "名称", "タイトル"],
        ),
        Kind::Role(Role::Title, 2),
    ),
    (
        Names::Words(
            &["section", "chapter", "domain", "category", "area", "group"],
            &["章", "分類", "カテゴリ", "大項目", "節"],
        ),
        Kind::Role(Role::Section, 2),
    ),
    (
        Names::Whole(&[
            "要件",
            "要件内容",
            "要求事項",
            "要求内容",
            "要件詳細",
            "内容",
            "requirement",
            "requirements",
            "description",
            "requirementtext",
            "text",
        ]),
        Kind::Role(Role::Text, 3),
    ),
    (
        Names::Words(
            &[
                "question",
                "control",
                "description",
                "requirement",
                "requirements",
                "text",
                "statement",
                "criteria",
                "criterion",
                "specification",
                "rule",
            ],
            &["要件", "要求", "内容", "説明", "本文", "記載", "基準"],
        ),
        Kind::Role(Role::Text, 2),
    ),
];

/// What a header cell names, if anything: the first rule of [`NAMES`] it matches.
fn kind(header: &str) -> Option<Kind> {
    let (key, tokens) = words(header);
    if key.is_empty() || key.chars().count() > 40 {
        return None;
    }
    let matches = |names: &Names| match names {
        Names::Whole(list) => list.contains(&key.as_str()),
        Names::Words(ascii, japanese) => {
            tokens.iter().any(|t| ascii.contains(&t.as_str()))
                || japanese.iter().any(|w| key.contains(w))
        }
        Names::LevelName => is_mark_name(&key),
    };
    NAMES
        .iter()
        .find(|(names, _)| matches(names))
        .map(|(_, kind)| *kind)
}

/// `L1`, `L2`, `Level 1`, `レベル1`: a check-mark column named by its level.
fn is_mark_name(key: &str) -> bool {
    let rest = key
        .strip_prefix("level")
        .or_else(|| key.strip_prefix("レベル"))
        .or_else(|| key.strip_prefix('l'))
        .unwrap_or("");
    !rest.is_empty() && rest.len() <= 2 && rest.chars().all(|c| c.is_ascii_digit())
}

/// Whether a check-mark cell is marked: anything but blank and the marks that say "no".
pub fn is_marked(cell: &str) -> bool {
    let t = id::fold(cell);
    let t = t.trim().to_lowercase();
    !t.is_empty()
        && !matches!(
            t.as_str(),
            "-" | "－" | "ー" | "―" | "×" | "✗" | "no" | "n" | "0" | "false"
        )
}

/// The header row of `rows` and its columns: the row among the first [`HEADER_SEARCH_ROWS`]
/// that names an id and a requirement column and is best borne out by the rows below it.
pub fn find(rows: &[Vec<RawCell>]) -> Option<Header> {
    let mut best: Option<(u32, Header)> = None;
    for (r, cells) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let Some(header) = guess(r, cells, rows) else {
            continue;
        };
        let support = support(&header, &rows[r + 1..]);
        if support == 0 {
            continue;
        }
        let named =
            6 + match header.level {
                LevelColumn::None => 0,
                _ => 2,
            } + u32::from(header.title.is_some())
                + u32::from(header.section.is_some());
        let score = named * 100 + support;
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, header));
        }
    }
    best.map(|(_, h)| h)
}

/// The header of a table: where `[catalog.columns]` says it is, or else as [`find`] finds it.
pub fn detect(rows: &[Vec<RawCell>], columns: Option<&ColumnMap>) -> Option<Header> {
    match columns {
        Some(map) => mapped(map, rows),
        None => find(rows),
    }
}

/// The columns a row would name as a header, if it names an id and a requirement column.
fn guess(row_index: usize, cells: &[RawCell], rows: &[Vec<RawCell>]) -> Option<Header> {
    let kinds: Vec<Option<Kind>> = cells.iter().map(|c| kind(&c.text)).collect();
    let below = &rows[row_index + 1..rows.len().min(row_index + 1 + EVIDENCE_ROWS)];
    // Of several columns of one role, the best named; among equals, the one the rows bear out.
    let pick = |role: Role| -> Option<usize> {
        let candidates: Vec<(usize, u8)> = kinds
            .iter()
            .enumerate()
            .filter_map(|(i, k)| match k {
                Some(Kind::Role(r, score)) if *r == role => Some((i, *score)),
                _ => None,
            })
            .collect();
        let top = candidates.iter().map(|(_, s)| *s).max()?;
        candidates
            .into_iter()
            .filter(|(_, s)| *s == top)
            .map(|(i, _)| i)
            .max_by_key(|&i| {
                let evidence = match role {
                    Role::Id => below.iter().filter(|r| id_at(r, i).is_some()).count(),
                    Role::Text => below.iter().map(|r| text_at(r, i).chars().count()).sum(),
                    _ => 0,
                };
                // Ties go to the leftmost column.
                (evidence, usize::MAX - i)
            })
    };
    let either: Vec<usize> = kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| **k == Some(Kind::IdOrLevel))
        .map(|(i, _)| i)
        .collect();
    let mut id = pick(Role::Id);
    let mut level = pick(Role::Level);
    for i in either {
        if id.is_none() {
            id = Some(i);
        } else if level.is_none() {
            level = Some(i);
        }
    }
    let (id, text) = (id?, pick(Role::Text)?);
    let marks: Vec<(usize, String)> = kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| **k == Some(Kind::Mark))
        .map(|(i, _)| (i, cells[i].text.trim().to_string()))
        .collect();
    let level = match level {
        Some(i) => LevelColumn::One(i),
        None if !marks.is_empty() => LevelColumn::Marks(marks),
        None => LevelColumn::None,
    };
    Some(Header {
        row: row_index,
        id,
        text,
        level,
        title: pick(Role::Title).filter(|&t| t != text),
        section: pick(Role::Section),
        names: cells.iter().map(|c| c.text.trim().to_string()).collect(),
    })
}

/// How well the rows below a candidate header bear it out: rows with an id in the id column
/// and text in the text column, counted up to [`EVIDENCE_ROWS`].
fn support(header: &Header, below: &[Vec<RawCell>]) -> u32 {
    below
        .iter()
        .take(EVIDENCE_ROWS)
        .filter(|r| id_at(r, header.id).is_some() && !text_at(r, header.text).is_empty())
        .count() as u32
}

/// The id in column `i` of a row, if the cell holds one.
pub fn id_at(row: &[RawCell], i: usize) -> Option<String> {
    row.get(i).and_then(|c| parse_id(&c.text))
}

fn text_at(row: &[RawCell], i: usize) -> &str {
    row.get(i).map(|c| c.text.trim()).unwrap_or("")
}

/// An id as tables write it: `1.1.`, `**10.1.1**`, `` `1.1` ``, `[1.1]`, `A&A-01.1`.
pub fn parse_id(cell: &str) -> Option<String> {
    let bare = cell
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '`' | '[' | ']' | '［' | '］'))
        .trim();
    // `&` joins the letters of a domain code (`A&A-01.1`, CAIQ's style).
    if bare.contains('&') {
        let without = bare.replace('&', "");
        return id::parse(&without).map(|_| id::normalize(bare));
    }
    id::parse(bare)
}

/// The header a `[catalog.columns]` block describes, in `rows` (whose first row's number as the
/// user sees it is given by each cell's place).
pub fn mapped(map: &ColumnMap, rows: &[Vec<RawCell>]) -> Option<Header> {
    let row = match map.header_row {
        Some(n) => rows
            .iter()
            .position(|r| r.first().is_some_and(|c| row_number(c) == Some(n)))?,
        None => rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .position(|r| names_all(map, r))?,
    };
    let cells = &rows[row];
    let column = |wanted: &Option<String>| -> Option<Option<usize>> {
        match wanted {
            None => Some(None),
            Some(w) => column_index(cells, w).map(Some),
        }
    };
    let id = column(&map.id)?;
    let text = column(&map.text)?;
    let level = column(&map.level)?;
    let title = column(&map.title)?;
    let section = column(&map.section)?;
    let guessed = guess(row, cells, rows);
    let (id, text) = match (id, text, &guessed) {
        (Some(i), Some(t), _) => (i, t),
        (i, t, Some(g)) => (i.unwrap_or(g.id), t.unwrap_or(g.text)),
        _ => return None,
    };
    let level = match (level, &guessed) {
        (Some(i), _) => LevelColumn::One(i),
        (None, Some(g)) if map.level.is_none() => g.level.clone(),
        _ => LevelColumn::None,
    };
    Some(Header {
        row,
        id,
        text,
        level,
        title: title.or_else(|| guessed.as_ref().and_then(|g| g.title)),
        section: section.or_else(|| guessed.as_ref().and_then(|g| g.section)),
        names: cells.iter().map(|c| c.text.trim().to_string()).collect(),
    })
}

/// Whether a row holds every header text the map names (letters match any row).
fn names_all(map: &ColumnMap, row: &[RawCell]) -> bool {
    let named: Vec<&String> = [&map.id, &map.text, &map.level, &map.title, &map.section]
        .into_iter()
        .flatten()
        .filter(|w| letter_index(w).is_none())
        .collect();
    named.is_empty() && map.id.is_some() && map.text.is_some()
        || !named.is_empty() && named.iter().all(|w| column_index(row, w).is_some())
}

/// The index in `row` of the column named `wanted`: a column letter (`B`) or a header's text.
fn column_index(row: &[RawCell], wanted: &str) -> Option<usize> {
    if let Some(letter) = letter_index(wanted) {
        return row
            .iter()
            .position(|c| column_of(c) == Some(letter))
            .or_else(|| {
                // Rows of text files and short rows: the letter counts from the first column.
                row.first()
                    .and_then(column_of)
                    .map_or(Some(letter), |first| letter.checked_sub(first))
            });
    }
    let wanted = id::fold(wanted.trim());
    row.iter()
        .position(|c| id::fold(c.text.trim()) == wanted)
        .or_else(|| row.iter().position(|c| id::fold(&c.text).contains(&wanted)))
}

/// `A` → 0, `AB` → 27; `None` for anything that is not one to three letters.
fn letter_index(text: &str) -> Option<usize> {
    let t = text.trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    // A header named like a column (`ID`) is read as a header: only upper-case letters or a
    // single letter are letters.
    if t.len() > 1 && !t.chars().all(|c| c.is_ascii_uppercase()) || t.eq_ignore_ascii_case("id") {
        return None;
    }
    Some(
        t.to_ascii_uppercase()
            .bytes()
            .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
            - 1,
    )
}

/// The zero-based column of a cell read from a sheet, from its place.
fn column_of(cell: &RawCell) -> Option<usize> {
    let name = cell.location.cell.as_deref()?;
    let letters: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    letter_index(&letters)
}

/// The row number of a cell as the user sees it: the sheet's row, or the file's line.
pub fn row_number(cell: &RawCell) -> Option<usize> {
    match cell.location.cell.as_deref() {
        Some(name) => name
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok(),
        None => cell.location.line,
    }
}

/// The column letter of cell `i` of a row: its own for a sheet's cell, else counted.
pub fn column_letter(row: &[RawCell], i: usize) -> String {
    let letters = |n: usize| {
        let name = cell_name(0, n as u32);
        name.trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string()
    };
    match row.get(i).and_then(column_of) {
        Some(c) => letters(c),
        None => letters(row.first().and_then(column_of).map_or(i, |first| first + i)),
    }
}

/// The rows a failed header search looked at most closely, with what it took each cell for:
/// the rows that name the most roles, up to three, in table order.
pub fn considered(rows: &[Vec<RawCell>]) -> Vec<Considered> {
    let mut scored: Vec<(usize, usize)> = rows
        .iter()
        .enumerate()
        .take(HEADER_SEARCH_ROWS)
        .map(|(i, row)| {
            let named = row.iter().filter(|c| kind(&c.text).is_some()).count();
            let filled = row.iter().filter(|c| !c.text.trim().is_empty()).count();
            (i, named * 10 + filled.min(9))
        })
        .filter(|(_, s)| *s > 1)
        .collect();
    scored.sort_by_key(|(i, s)| (std::cmp::Reverse(*s), *i));
    let mut chosen: Vec<usize> = scored.into_iter().take(3).map(|(i, _)| i).collect();
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| {
            let row = &rows[i];
            let first = row.first();
            Considered {
                place: first.map(|c| c.location.to_string()).unwrap_or_default(),
                number: first.and_then(row_number).unwrap_or(i + 1),
                cells: row
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.text.trim().is_empty())
                    .take(12)
                    .map(|(j, c)| {
                        let role = match kind(&c.text) {
                            Some(Kind::Role(r, _)) => Some(r),
                            Some(Kind::Mark) => Some(Role::Level),
                            Some(Kind::IdOrLevel) => Some(Role::Id),
                            _ => None,
                        };
                        (column_letter(row, j), shorten(&c.text, 24), role)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The first `n` characters of a cell's first line, with `…` when cut.
fn shorten(text: &str, n: usize) -> String {
    let line = text.trim().lines().next().unwrap_or("");
    let cut: String = line.chars().take(n).collect();
    if cut.chars().count() < line.chars().count() || text.trim().contains('\n') {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn row(line: usize, cells: &[&str]) -> Vec<RawCell> {
        cells
            .iter()
            .map(|t| RawCell {
                text: t.to_string(),
                location: Location::line("t.md", line),
            })
            .collect()
    }

    fn rows(table: &[&[&str]]) -> Vec<Vec<RawCell>> {
        table
            .iter()
            .enumerate()
            .map(|(i, r)| row(i + 1, r))
            .collect()
    }

    #[test]
    fn header_cells_are_read_for_what_they_name() {
        for (cell, want) in [
            ("Question ID", Some(Kind::Role(Role::Id, 3))),
            ("Requirement ID", Some(Kind::Role(Role::Id, 3))),
            ("管理番号", Some(Kind::Role(Role::Id, 3))),
            ("項目ID", Some(Kind::Role(Role::Id, 3))),
            ("MSTG-ID", Some(Kind::Role(Role::Id, 3))),
            ("#", Some(Kind::Role(Role::Id, 2))),
            ("No.", Some(Kind::Role(Role::Id, 2))),
            ("Question", Some(Kind::Role(Role::Text, 2))),
            ("Control", Some(Kind::Role(Role::Text, 2))),
            ("説明", Some(Kind::Role(Role::Text, 2))),
            ("ルール本文（図表除く）", Some(Kind::Role(Role::Text, 2))),
            ("要求事項", Some(Kind::Role(Role::Text, 3))),
            ("Importance", Some(Kind::Role(Role::Level, 2))),
            ("レベル", Some(Kind::Role(Role::Level, 2))),
            ("優先度", Some(Kind::Role(Role::Level, 2))),
            ("L1", Some(Kind::Mark)),
            ("Level 2", Some(Kind::Mark)),
            ("ルール名称", Some(Kind::Role(Role::Title, 2))),
            ("区分", Some(Kind::IdOrLevel)),
            ("CSP CAIQ Answer", Some(Kind::Respondent)),
            ("SSRM Control Ownership", Some(Kind::Respondent)),
            ("Status", Some(Kind::Respondent)),
            ("備考", Some(Kind::Respondent)),
            ("回答欄", Some(Kind::Respondent)),
            ("CWE", None),
            ("", None),
        ] {
            assert_eq!(kind(cell), want, "{cell}");
        }
    }

    #[test]
    fn the_header_is_found_below_title_and_instruction_rows() {
        let table = rows(&[
            &["Cloud Security Questionnaire v4.1"],
            &["Answer every question; add notes where needed."],
            &[
                "Question ID",
                "Question",
                "CSP Answer",
                "SSRM Control Ownership",
                "Notes",
            ],
            &["A&A-01.1", "Are audit policies established?", "", "", ""],
            &["A&A-01.2", "Are audits performed yearly?", "", "", ""],
        ]);
        let h = find(&table).unwrap();
        assert_eq!(
            (h.row, h.id, h.text, &h.level),
            (2, 0, 1, &LevelColumn::None)
        );
        assert!(h.repeated_by(&table[2]));
        assert!(!h.repeated_by(&table[3]));
        assert_eq!(parse_id("A&A-01.1").as_deref(), Some("A&A-01.1"));
    }

    #[test]
    fn of_two_id_columns_the_named_id_wins_over_a_running_number() {
        let table = rows(&[
            &["#", "MSTG-ID", "説明", "L1", "L2"],
            &[
                "1",
                "MSTG-STORAGE-1",
                "機密データを安全に保存すること。",
                "x",
                "x",
            ],
            &[
                "2",
                "MSTG-STORAGE-2",
                "ログに機密データを書かないこと。",
                "",
                "x",
            ],
        ]);
        let h = find(&table).unwrap();
        assert_eq!((h.id, h.text), (1, 2));
        assert_eq!(
            h.level,
            LevelColumn::Marks(vec![(3, "L1".into()), (4, "L2".into())])
        );
    }

    #[test]
    fn a_row_of_names_without_ids_below_is_no_header() {
        let table = rows(&[
            &["ID", "Requirement", "Level"],
            &["see the next sheet", "", ""],
        ]);
        assert_eq!(find(&table), None);
        assert_eq!(considered(&table).len(), 1);
        assert_eq!(considered(&table)[0].cells[0].2, Some(Role::Id));
    }

    #[test]
    fn bold_code_and_bracketed_ids_are_ids() {
        for (cell, id) in [("**10.1.1**", "10.1.1"), ("`1.1`", "1.1"), ("[1.1]", "1.1")] {
            assert_eq!(parse_id(cell).as_deref(), Some(id), "{cell}");
        }
        assert_eq!(parse_id("&&"), None);
    }

    #[test]
    fn a_column_map_names_columns_by_letter_or_header_text() {
        let table = rows(&[
            &["コード", "記載事項", "区分け"],
            &["X-1", "暗号化すること。", "A"],
        ]);
        assert_eq!(find(&table), None);
        let map = ColumnMap {
            id: Some("A".into()),
            text: Some("記載事項".into()),
            level: Some("C".into()),
            header_row: Some(1),
            ..Default::default()
        };
        let h = mapped(&map, &table).unwrap();
        assert_eq!(
            (h.row, h.id, h.text, h.level),
            (0, 0, 1, LevelColumn::One(2))
        );
        assert_eq!(letter_index("AB"), Some(27));
        assert_eq!(letter_index("ID"), None);
        assert_eq!(column_letter(&table[0], 2), "C");
    }

    #[test]
    fn marks_that_say_no_are_not_marks() {
        for yes in ["x", "✓", "○", "●", "X", "Yes"] {
            assert!(is_marked(yes), "{yes}");
        }
        for no in ["", " ", "-", "×", "no"] {
            assert!(!is_marked(no), "{no}");
        }
    }
}
