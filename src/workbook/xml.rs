//! How every part of a workbook (the .xlsx parts, an .ods `content.xml`) has its attributes
//! read: one lookup, by local name, giving the value as written or with its entities resolved.
//!
//! Everything here parses XML with quick-xml 0.41, whose events are bytes: only what is used is
//! decoded (and checked to be UTF-8). 0.42 checks every event as UTF-8 as it reads it, which was
//! 44 % of the time spent on a form sheet (bench/RESULTS.md).

use std::borrow::Cow;

use quick_xml_041::events::attributes::Attribute;
use quick_xml_041::events::BytesStart;
use quick_xml_041::XmlVersion;

/// The first attribute of `e` whose local name is `name` (`table:name` is `name`).
fn find<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Attribute<'e>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name.as_bytes())
}

/// The value of attribute `name` as written, for values that are plain ASCII (references,
/// types, counts): none if it is not UTF-8. Entities are not resolved: a reference written
/// `&#65;1` is no reference, as it is none to calamine, which reads these values the same way.
pub(crate) fn raw_attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    find(e, name).and_then(|a| utf8(a.value))
}

/// The value of attribute `name` with its entities and character references resolved (names,
/// relationship targets, number format codes).
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    find(e, name).map(|a| match a.normalized_value(XmlVersion::Implicit1_0) {
        Ok(v) => v.into_owned(),
        Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
    })
}

/// Bytes as text, if they are UTF-8.
pub(crate) fn utf8(value: Cow<'_, [u8]>) -> Option<Cow<'_, str>> {
    match value {
        Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
        Cow::Owned(v) => String::from_utf8(v).ok().map(Cow::Owned),
    }
}

/// A count or a row number as written in an attribute.
pub(crate) fn number(v: &str) -> Option<u64> {
    v.trim().parse().ok()
}
