//! typst's view of the outside world for one render: the template as the main file, the data as
//! the virtual file `/data.json`, our fonts, files beside an override template, and nothing
//! else. No packages (they would be downloaded), no clock (dates come formatted in the data).

use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};

use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::error::PrintError;
use crate::fonts::Fonts;
use crate::templates::LoadedTemplate;

/// Where a template finds its data: `#let data = json("/data.json")`.
pub(crate) const DATA_PATH: &str = "/data.json";

/// How many renders a cached intermediate result survives without being used again: typst
/// caches parsing and layout globally, which makes the next certificate batch faster but must
/// not grow without bound in a server that runs for months.
const CACHE_MAX_AGE: usize = 10;

/// typst's standard library, built once. Nothing in it depends on the document.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// A finished PDF.
pub(crate) struct Rendered {
    pub(crate) pdf: Vec<u8>,
    pub(crate) pages: usize,
}

/// Compiles `template` with `data` as `/data.json` and writes the result as PDF.
pub(crate) fn render(
    fonts: &Fonts,
    template: LoadedTemplate,
    data: Vec<u8>,
) -> Result<Rendered, PrintError> {
    if !fonts.has_cjk() {
        return Err(PrintError::NoCjkFont);
    }
    let rendered = compile_and_export(&RenderWorld::new(fonts, template, data));
    // After failures too: an edited template that fails over and over must not fill the cache.
    typst::comemo::evict(CACHE_MAX_AGE);
    rendered
}

fn compile_and_export(world: &RenderWorld<'_>) -> Result<Rendered, PrintError> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    for warning in &warnings {
        tracing::warn!(
            template = world.template.name(),
            line = world.main_line(warning),
            "打印模板警告：{}",
            warning.message
        );
    }
    let document = output.map_err(|errors| world.error(errors.as_slice()))?;
    check_glyphs(&document)?;
    let pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        PrintError::Export(
            errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("；"),
        )
    })?;
    Ok(Rendered {
        pdf,
        pages: document.pages().len(),
    })
}

struct RenderWorld<'a> {
    fonts: &'a Fonts,
    template: crate::templates::Template,
    main: Source,
    data_id: FileId,
    data: Bytes,
    /// The override folder, whose files an override template may use.
    dir: Option<PathBuf>,
    /// The first package the template tried to use, to report it as such.
    refused_package: Mutex<Option<String>>,
}

fn project_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a constant absolute path is a valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl<'a> RenderWorld<'a> {
    fn new(fonts: &'a Fonts, template: LoadedTemplate, data: Vec<u8>) -> Self {
        let main_id = project_file(&format!("/{}.typ", template.template.name()));
        RenderWorld {
            fonts,
            template: template.template,
            main: Source::new(main_id, template.text),
            data_id: project_file(DATA_PATH),
            data: Bytes::new(data),
            dir: template.dir,
            refused_package: Mutex::new(None),
        }
    }

    /// Refuses a file in a package, remembering which package was asked for.
    fn refuse_package(&self, id: FileId) -> Option<FileError> {
        let VirtualRoot::Package(spec) = id.root() else {
            return None;
        };
        if let Ok(mut refused) = self.refused_package.lock() {
            refused.get_or_insert_with(|| spec.to_string());
        }
        Some(FileError::Package(PackageError::Other(Some(
            "packages are not available: ganxun works offline".into(),
        ))))
    }

    /// The 1-based line in the template a diagnostic points to, directly or through its trace
    /// (an error inside a function defined in the template).
    fn main_line(&self, diagnostic: &SourceDiagnostic) -> Option<usize> {
        std::iter::once(diagnostic.span)
            .chain(diagnostic.trace.iter().rev().map(|point| point.span.into()))
            .filter(|span| span.id() == Some(self.main.id()))
            .find_map(|span| self.range(span))
            .and_then(|range| self.main.lines().byte_to_line(range.start))
            .map(|line| line + 1)
    }

    fn error(&self, diagnostics: &[SourceDiagnostic]) -> PrintError {
        let template = self.template.name();
        if let Some(package) = self
            .refused_package
            .lock()
            .ok()
            .and_then(|refused| refused.clone())
        {
            return PrintError::PackageNotAllowed { template, package };
        }
        let Some(first) = diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .or(diagnostics.first())
        else {
            return PrintError::Template {
                template,
                line: None,
                message: "unknown error".to_owned(),
            };
        };
        let mut message = first.message.to_string();
        for hint in &first.hints {
            message.push_str("（hint: ");
            message.push_str(&hint.v);
            message.push('）');
        }
        PrintError::Template {
            template,
            line: self.main_line(first),
            message,
        }
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = bytes.as_str().map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(error) = self.refuse_package(id) {
            return Err(error);
        }
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        let not_found = || FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()));
        // Built-in templates use nothing but their data; an override may use files beside it.
        let dir = self.dir.as_ref().ok_or_else(not_found)?;
        let path = id.vpath().realize(dir).map_err(FileError::Realize)?;
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|error| FileError::from_io(error, &path))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Documents show the dates the caller formatted, never the render machine's clock.
        None
    }
}

/// Fails when a glyph is missing (typst draws an empty box, "tofu"), naming the characters.
fn check_glyphs(document: &PagedDocument) -> Result<(), PrintError> {
    let mut missing = Vec::new();
    for page in document.pages() {
        collect_missing(&page.frame, &mut missing);
    }
    if missing.is_empty() {
        return Ok(());
    }
    missing.sort_unstable();
    missing.dedup();
    Err(PrintError::MissingGlyphs {
        chars: missing.join("、"),
    })
}

fn collect_missing(frame: &Frame, missing: &mut Vec<String>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_missing(&group.frame, missing),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|glyph| glyph.id == 0) {
                    let chars = text.text.get(glyph.range()).unwrap_or_default();
                    if !chars.trim().is_empty() {
                        missing.push(chars.to_owned());
                    }
                }
            }
            FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..)
            | FrameItem::Tag(_) => {}
        }
    }
}
