//! The rule syntax: conditions over requirement ids and the ids they waive.
//!
//! ```toml
//! [[rules]]
//! when  = "1.1 | 1.2 | 1.4"          # | = or, & = and, parentheses allowed
//! waive = "1.6..1.28"                # ranges and comma lists
//! ```
//!
//! `check` prints inferred rules in this syntax so that a user can paste them into
//! `procspec.toml`.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id;

/// A condition over requirement ids; an id holds when the bidder answered it "comply".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    Id(String),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// Evaluates the condition; `met` says whether one requirement is met.
    pub fn holds(&self, met: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Expr::Id(id) => met(id),
            Expr::And(all) => all.iter().all(|e| e.holds(met)),
            Expr::Or(any) => any.iter().any(|e| e.holds(met)),
        }
    }

    /// Every id the condition names, in order of appearance, without repeats.
    pub fn ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.collect_ids(&mut out);
        out
    }

    fn collect_ids<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Id(id) => {
                if !out.contains(&id.as_str()) {
                    out.push(id);
                }
            }
            Expr::And(v) | Expr::Or(v) => v.iter().for_each(|e| e.collect_ids(out)),
        }
    }

    /// The smallest sets of ids that make the condition hold (disjunctive normal form).
    pub fn alternatives(&self) -> Vec<Vec<&str>> {
        match self {
            Expr::Id(id) => vec![vec![id.as_str()]],
            Expr::Or(v) => v.iter().flat_map(|e| e.alternatives()).collect(),
            Expr::And(v) => v.iter().fold(vec![Vec::new()], |acc, e| {
                let mut next = Vec::new();
                for left in &acc {
                    for right in e.alternatives() {
                        let mut both = left.clone();
                        both.extend(right.into_iter().filter(|id| !left.contains(id)));
                        next.push(both);
                    }
                }
                next
            }),
        }
    }

    /// Builds an `Or`/`And` node, flattening nested nodes of the same kind and single members.
    pub fn or(items: Vec<Expr>) -> Expr {
        Self::join(items, true)
    }

    pub fn and(items: Vec<Expr>) -> Expr {
        Self::join(items, false)
    }

    fn join(items: Vec<Expr>, or: bool) -> Expr {
        let mut flat = Vec::new();
        for item in items {
            match item {
                Expr::Or(v) if or => flat.extend(v),
                Expr::And(v) if !or => flat.extend(v),
                other => flat.push(other),
            }
        }
        if flat.len() == 1 {
            return flat.remove(0);
        }
        if or {
            Expr::Or(flat)
        } else {
            Expr::And(flat)
        }
    }

    /// Parses `1.1 | (1.6 & 1.7)`; `&` binds tighter than `|`.
    pub fn parse(text: &str) -> Result<Expr, String> {
        let folded = id::fold(text);
        let tokens = tokenize(&folded)?;
        let mut parser = Parser { tokens, pos: 0 };
        let expr = parser.or()?;
        match parser.tokens.get(parser.pos) {
            None => Ok(expr),
            Some(t) => Err(format!("unexpected `{t}` in condition `{text}`")),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Id(id) => f.write_str(id),
            Expr::Or(v) => {
                for (i, e) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    match e {
                        Expr::And(_) => write!(f, "({e})")?,
                        _ => write!(f, "{e}")?,
                    }
                }
                Ok(())
            }
            Expr::And(v) => {
                for (i, e) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" & ")?;
                    }
                    match e {
                        Expr::Or(_) => write!(f, "({e})")?,
                        _ => write!(f, "{e}")?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Expr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Expr::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Id(String),
    And,
    Or,
    Open,
    Close,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Id(id) => f.write_str(id),
            Token::And => f.write_str("&"),
            Token::Or => f.write_str("|"),
            Token::Open => f.write_str("("),
            Token::Close => f.write_str(")"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '&' => {
                chars.next();
                tokens.push(Token::And);
            }
            '|' => {
                chars.next();
                tokens.push(Token::Or);
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || "&|()".contains(c) {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                match word.to_lowercase().as_str() {
                    "and" => tokens.push(Token::And),
                    "or" => tokens.push(Token::Or),
                    _ => match id::parse(&word) {
                        Some(id) => tokens.push(Token::Id(id)),
                        None => {
                            return Err(format!(
                                "`{word}` is not a requirement id (write ids like 1.1, joined with | and &)"
                            ))
                        }
                    },
                }
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn or(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.and()?];
        while self.tokens.get(self.pos) == Some(&Token::Or) {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(Expr::or(items))
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.atom()?];
        while self.tokens.get(self.pos) == Some(&Token::And) {
            self.pos += 1;
            items.push(self.atom()?);
        }
        Ok(Expr::and(items))
    }

    fn atom(&mut self) -> Result<Expr, String> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        match token {
            Some(Token::Id(id)) => Ok(Expr::Id(id)),
            Some(Token::Open) => {
                let inner = self.or()?;
                if self.tokens.get(self.pos) != Some(&Token::Close) {
                    return Err("missing `)` in condition".to_string());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(t) => Err(format!("expected a requirement id, found `{t}`")),
            None => Err("the condition ends where a requirement id was expected".to_string()),
        }
    }
}

/// One element of a waive list: an id or an inclusive range in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdSpan {
    One(String),
    Range(String, String),
}

/// Parses `1.6..1.28, 1.30`.
pub fn parse_ids(text: &str) -> Result<Vec<IdSpan>, String> {
    let folded = id::fold(text);
    let mut spans = Vec::new();
    for part in folded.split([',', '、']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let span = match part.split_once("..") {
            Some((a, b)) => IdSpan::Range(check_id(a)?, check_id(b)?),
            None => IdSpan::One(check_id(part)?),
        };
        spans.push(span);
    }
    if spans.is_empty() {
        return Err("the list of ids is empty".to_string());
    }
    Ok(spans)
}

fn check_id(text: &str) -> Result<String, String> {
    id::parse(text).ok_or_else(|| format!("`{}` is not a requirement id", text.trim()))
}

/// Expands spans over the catalog's ids in document order. Unknown ids are returned as errors.
pub fn expand(spans: &[IdSpan], order: &[&str]) -> Result<Vec<String>, String> {
    let pos = |id: &str| {
        order
            .iter()
            .position(|o| *o == id)
            .ok_or_else(|| format!("no requirement has the id {id}"))
    };
    let mut out: Vec<String> = Vec::new();
    for span in spans {
        let (a, b) = match span {
            IdSpan::One(id) => {
                let i = pos(id)?;
                (i, i)
            }
            IdSpan::Range(a, b) => (pos(a)?, pos(b)?),
        };
        if a > b {
            return Err(format!(
                "the range {}..{} runs backwards in the table",
                order[a], order[b]
            ));
        }
        for id in &order[a..=b] {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_string());
            }
        }
    }
    Ok(out)
}

/// Writes ids compactly as ranges over document order: `1.6..1.28` or `1.8..1.13, 1.20`.
pub fn compress(ids: &[String], order: &[&str]) -> String {
    Order::new(order).compress(ids)
}

/// The positions of ids in document order, found once, for compressing the id lists of many
/// rules (searching the order for every id of every rule was quadratic in the catalog's size).
pub struct Order<'a> {
    first: HashMap<&'a str, usize>,
}

impl<'a> Order<'a> {
    pub fn new(order: &[&'a str]) -> Order<'a> {
        let mut first = HashMap::with_capacity(order.len());
        for (i, id) in order.iter().enumerate() {
            first.entry(*id).or_insert(i);
        }
        Order { first }
    }

    /// [`compress`] against this order.
    pub fn compress(&self, ids: &[String]) -> String {
        self.compress_where(ids, true)
    }

    /// [`compress`] of the ids that this order holds; the others are left out.
    pub fn compress_known(&self, ids: &[String]) -> String {
        self.compress_where(ids, false)
    }

    fn compress_where(&self, ids: &[String], keep_unknown: bool) -> String {
        let positions: Vec<(usize, &str)> = ids
            .iter()
            .map(|id| {
                (
                    self.first.get(id.as_str()).copied().unwrap_or(usize::MAX),
                    id.as_str(),
                )
            })
            .filter(|(position, _)| keep_unknown || *position != usize::MAX)
            .collect();
        ranges(positions)
    }
}

/// Ids with their positions (`usize::MAX` = not in the order) as ranges and a list.
fn ranges(mut positions: Vec<(usize, &str)>) -> String {
    positions.sort();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < positions.len() {
        let mut j = i;
        while j + 1 < positions.len()
            && positions[j].0 != usize::MAX
            && positions[j + 1].0 == positions[j].0 + 1
        {
            j += 1;
        }
        if j > i {
            parts.push(format!("{}..{}", positions[i].1, positions[j].1));
        } else {
            parts.push(positions[i].1.to_string());
        }
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_design_examples() {
        let e = Expr::parse("1.1 | 1.2 | 1.4").unwrap();
        assert_eq!(e.to_string(), "1.1 | 1.2 | 1.4");
        let e = Expr::parse("(1.6 & 1.7) | (1.6&1.10)").unwrap();
        assert_eq!(e.to_string(), "(1.6 & 1.7) | (1.6 & 1.10)");
        assert_eq!(Expr::parse(&e.to_string()).unwrap(), e);
        let e = Expr::parse("1.6 & (1.7 | 1.10)").unwrap();
        assert_eq!(e.to_string(), "1.6 & (1.7 | 1.10)");
        assert_eq!(
            e.alternatives(),
            vec![vec!["1.6", "1.7"], vec!["1.6", "1.10"]]
        );
        assert_eq!(Expr::parse("１．１．").unwrap(), Expr::Id("1.1".into()));
        assert_eq!(
            Expr::parse("SEC-1 and SEC-2").unwrap().to_string(),
            "SEC-1 & SEC-2"
        );
    }

    #[test]
    fn rejects_bad_conditions() {
        assert!(Expr::parse("").is_err());
        assert!(Expr::parse("1.1 |").is_err());
        assert!(Expr::parse("(1.1").is_err());
        assert!(Expr::parse("1.1 1.2").is_err());
        assert!(Expr::parse("ISMAP").is_err());
    }

    #[test]
    fn evaluates() {
        let e = Expr::parse("1.6 & 1.7 | 1.6 & 1.10").unwrap();
        assert!(e.holds(&|id| id == "1.6" || id == "1.10"));
        assert!(!e.holds(&|id| id == "1.7" || id == "1.10"));
    }

    #[test]
    fn ranges_expand_and_compress_in_document_order() {
        let order = ["1.1", "1.2", "1.3", "1.10", "1.11", "2.1"];
        let spans = parse_ids("1.2..1.10, 2.1").unwrap();
        let ids = expand(&spans, &order).unwrap();
        assert_eq!(ids, ["1.2", "1.3", "1.10", "2.1"]);
        assert_eq!(compress(&ids, &order), "1.2..1.10, 2.1");
        assert!(expand(&parse_ids("1.10..1.2").unwrap(), &order).is_err());
        assert!(expand(&parse_ids("9.9").unwrap(), &order).is_err());
        assert!(parse_ids("").is_err());
        assert!(parse_ids("1.1..x").is_err());
    }
}
