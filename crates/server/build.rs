//! Builds the web application (when its sources changed or it was never built) and hands the
//! result to memory-serve, which embeds it in release builds. Without Node and npm, or with
//! `GANXUN_SKIP_WEB_BUILD=1`, an existing `web/dist` is used, else a page that says how to build.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const SOURCES: &[&str] = &[
    "src",
    "public",
    "index.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
];

fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_file() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .flatten()
        .filter_map(|e| newest(&e.path()))
        .max()
}

fn npm(web: &Path, args: &[&str]) -> bool {
    match Command::new("npm").args(args).current_dir(web).status() {
        Ok(status) if status.success() => true,
        Ok(status) => {
            println!("cargo::warning=npm {} failed ({status})", args.join(" "));
            false
        }
        Err(e) => {
            println!("cargo::warning=npm not available ({e}); the web UI is not rebuilt");
            false
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let web = manifest.join("../../web");
    let dist = web.join("dist");
    println!("cargo::rerun-if-env-changed=GANXUN_SKIP_WEB_BUILD");
    for source in SOURCES {
        println!("cargo::rerun-if-changed={}", web.join(source).display());
    }
    println!(
        "cargo::rerun-if-changed={}",
        dist.join("index.html").display()
    );

    let built = newest(&dist.join("index.html"));
    let sources = SOURCES.iter().filter_map(|s| newest(&web.join(s))).max();
    let stale = match (built, sources) {
        (None, Some(_)) => true,
        (Some(built), Some(sources)) => sources > built,
        _ => false,
    };
    if stale && std::env::var_os("GANXUN_SKIP_WEB_BUILD").is_none() {
        let installed =
            web.join("node_modules").exists() || npm(&web, &["ci", "--no-audit", "--no-fund"]);
        if installed {
            npm(&web, &["run", "build"]);
        }
    }

    let assets = if dist.join("index.html").exists() {
        dist
    } else {
        let fallback =
            PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("web-missing");
        std::fs::create_dir_all(&fallback).expect("OUT_DIR is writable");
        std::fs::write(
            fallback.join("index.html"),
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>干训 ganxun</title>\
             <p>网页界面尚未构建：请安装 Node.js 与 npm 后重新编译（cargo build 会自动构建 web/）。\
             接口说明见 <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>。</p>\
             <p>The web UI was not built: install Node.js and npm and rebuild.</p></html>",
        )
        .expect("OUT_DIR is writable");
        fallback
    };
    memory_serve::load_directory(assets);
}
