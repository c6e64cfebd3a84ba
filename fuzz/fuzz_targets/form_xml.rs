//! Structure-aware: the XML of one entry of a valid response form, inside a valid zip.
//!
//! Random bytes rarely get past the zip layer, so most of calamine's XML handling and our
//! layout reading is out of a raw-byte fuzzer's reach. Here the template is the form procspec
//! writes for the sample procurement (built once, in memory, by the library itself); the first
//! input byte picks the entry to replace and the rest is that entry's new content. The zip is
//! rebuilt from the template with the replacement and given to both readers a bidder's or an
//! officer's file meets: the returned-form reader and the spreadsheet catalog reader.
#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "contained.rs"]
mod contained;
use procspec::catalog::{load_bytes, LoadOptions};
use zip::write::SimpleFileOptions;

/// The entries of the sample form, in the order it stores them.
fn template() -> &'static [(String, Vec<u8>)] {
    static TEMPLATE: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let config =
            procspec::config::Config::parse(include_str!("../../procspec.toml"), "procspec.toml")
                .expect("the sample procspec.toml");
        let table = include_bytes!("../../input/requirements.md");
        let options = LoadOptions {
            display_name: Some("requirements.md".into()),
            ..Default::default()
        };
        let catalog = load_bytes(table, "md", &options).expect("the sample table");
        let tailored = procspec::tailor::tailor(
            &catalog.catalog,
            &config,
            &procspec::spec::sha256_hex(table),
        )
        .expect("the sample spec");
        let form = procspec::form::render(&tailored.spec, None).expect("the sample form");
        let mut zip = zip::ZipArchive::new(Cursor::new(form)).expect("the form is a zip");
        (0..zip.len())
            .map(|i| {
                let mut entry = zip.by_index(i).expect("an entry of the form");
                let name = entry.name().expect("an entry name").into_owned();
                let mut data = Vec::new();
                entry.read_to_end(&mut data).expect("the entry inflates");
                (name, data)
            })
            .collect()
    })
}

fuzz_target!(
    init: contained::install_panic_hook(),
    |data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let entries = template();
    let pick = pick as usize % entries.len();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, (name, original)) in entries.iter().enumerate() {
        zip.start_file(name.as_str(), stored).expect("a zip entry");
        let body = if i == pick { content } else { original };
        zip.write_all(body).expect("writing to memory");
    }
    let bytes = zip.finish().expect("the zip").into_inner();
    let _ = procspec::response::read(&bytes, "form.xlsx");
    let _ = load_bytes(&bytes, "xlsx", &LoadOptions::default());
});
