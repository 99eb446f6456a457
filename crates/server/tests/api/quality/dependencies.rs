//! What `.cargo/audit.toml` promises about Cargo.lock: the two quick-xml advisories it lets
//! through (RUSTSEC-2026-0194/0195, fixed in 0.41) stay out of the xlsx import. Should a future
//! upgrade pull an old quick-xml into anything but typst's bibliography crate, this fails.

use std::collections::BTreeMap;

/// Cargo.lock as (name, version) → the dependencies listed for it.
fn lock() -> BTreeMap<(String, String), Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock");
    let text = std::fs::read_to_string(path).unwrap();
    let mut packages = BTreeMap::new();
    for block in text.split("[[package]]").skip(1) {
        let field = |name: &str| {
            block
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name} = \"")))
                .map(|rest| rest.trim_end_matches('"').to_owned())
                .unwrap_or_default()
        };
        let dependencies = block
            .split_once("dependencies = [")
            .map(|(_, rest)| {
                rest.split(']')
                    .next()
                    .unwrap_or_default()
                    .lines()
                    .map(|l| l.trim().trim_end_matches(',').trim_matches('"').to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        packages.insert((field("name"), field("version")), dependencies);
    }
    packages
}

fn minor(version: &str) -> (u64, u64) {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn quick_xml_before_0_41_is_used_only_by_typsts_bibliography_crate() {
    let packages = lock();
    let old: Vec<String> = packages
        .keys()
        .filter(|(name, version)| name == "quick-xml" && minor(version) < (0, 41))
        .map(|(_, version)| format!("quick-xml {version}"))
        .collect();
    for old in &old {
        let users: Vec<&str> = packages
            .iter()
            .filter(|(_, deps)| deps.iter().any(|d| d == old))
            .map(|((name, _), _)| name.as_str())
            .collect();
        assert_eq!(users, ["citationberg"], "{old} is used by {users:?}");
    }
    // The import path itself reads with a fixed quick-xml.
    let (_, calamine) = packages
        .iter()
        .find(|((name, _), _)| name == "calamine")
        .expect("calamine in Cargo.lock");
    let quick_xml = calamine
        .iter()
        .find(|d| d.starts_with("quick-xml"))
        .expect("calamine uses quick-xml");
    let version = match quick_xml.split_once(' ') {
        Some((_, version)) => version.to_owned(),
        // A crate with one version in the lock is listed without its number.
        None => packages
            .keys()
            .find(|(name, _)| name == "quick-xml")
            .map(|(_, version)| version.clone())
            .expect("quick-xml"),
    };
    assert!(
        minor(&version) >= (0, 41),
        "calamine reads with quick-xml {version}"
    );
}
