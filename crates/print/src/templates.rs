//! The layouts: `.typ` files built into the binary, each of which a training centre may replace
//! by putting a file of the same name in an override folder (read at every render, so an edit
//! shows in the next document without a restart).

use std::path::{Path, PathBuf};

use crate::error::PrintError;

/// One of the documents this crate prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Template {
    Certificate,
    Roster,
    SignInSheet,
    Archive,
    LearningBriefing,
    Plan,
    AccountSlips,
}

impl Template {
    pub(crate) const ALL: [Template; 7] = [
        Template::Certificate,
        Template::Roster,
        Template::SignInSheet,
        Template::Archive,
        Template::LearningBriefing,
        Template::Plan,
        Template::AccountSlips,
    ];

    /// The file stem: `certificate` is `certificate.typ`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Template::Certificate => "certificate",
            Template::Roster => "roster",
            Template::SignInSheet => "sign_in_sheet",
            Template::Archive => "archive",
            Template::LearningBriefing => "learning_briefing",
            Template::Plan => "plan",
            Template::AccountSlips => "account_slips",
        }
    }

    fn builtin(self) -> &'static str {
        match self {
            Template::Certificate => include_str!("../templates/certificate.typ"),
            Template::Roster => include_str!("../templates/roster.typ"),
            Template::SignInSheet => include_str!("../templates/sign_in_sheet.typ"),
            Template::Archive => include_str!("../templates/archive.typ"),
            Template::LearningBriefing => include_str!("../templates/learning_briefing.typ"),
            Template::Plan => include_str!("../templates/plan.typ"),
            Template::AccountSlips => include_str!("../templates/account_slips.typ"),
        }
    }
}

/// Where the layouts come from: the built-in ones, or files in an override folder where present.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    override_dir: Option<PathBuf>,
}

/// A template's text, ready to compile.
pub(crate) struct LoadedTemplate {
    pub(crate) template: Template,
    pub(crate) text: String,
    /// The override folder when the text came from there: the files it refers to (a seal, a
    /// logo) are read from the same folder.
    pub(crate) dir: Option<PathBuf>,
}

impl Templates {
    /// Only the built-in layouts.
    pub fn builtin() -> Self {
        Templates { override_dir: None }
    }

    /// The built-in layouts, except where `<dir>/<name>.typ` exists (`certificate.typ`,
    /// `roster.typ`, `sign_in_sheet.typ`, `archive.typ`, `learning_briefing.typ`, `plan.typ`). The folder need not exist yet.
    pub fn with_override_dir(dir: impl Into<PathBuf>) -> Self {
        Templates {
            override_dir: Some(dir.into()),
        }
    }

    /// The names of the templates, as file stems.
    pub fn names() -> [&'static str; 7] {
        Template::ALL.map(Template::name)
    }

    /// The built-in text of a template, to start an override from.
    pub fn builtin_source(name: &str) -> Option<&'static str> {
        Template::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .map(Template::builtin)
    }

    pub(crate) fn load(&self, template: Template) -> Result<LoadedTemplate, PrintError> {
        if let Some(dir) = &self.override_dir {
            let path = dir.join(format!("{}.typ", template.name()));
            if path.is_file() {
                let text =
                    read_override(&path).map_err(|reason| PrintError::TemplateUnreadable {
                        template: template.name(),
                        path: path.clone(),
                        reason,
                    })?;
                return Ok(LoadedTemplate {
                    template,
                    text,
                    dir: Some(dir.clone()),
                });
            }
        }
        Ok(LoadedTemplate {
            template,
            text: template.builtin().to_owned(),
            dir: None,
        })
    }
}

fn read_override(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    String::from_utf8(bytes).map_err(|_| "文件不是 UTF-8 编码，请用 UTF-8 保存".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ganxun-print-tpl-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn every_template_is_built_in() {
        for name in Templates::names() {
            let text = Templates::builtin_source(name).expect("built in");
            assert!(text.contains("/data.json"), "{name} reads its data");
        }
        assert!(Templates::builtin_source("nope").is_none());
    }

    #[test]
    fn a_file_in_the_override_folder_replaces_the_built_in_one() {
        let dir = temp_dir("override");
        std::fs::write(dir.join("roster.typ"), "自定义").expect("write");
        let templates = Templates::with_override_dir(&dir);
        let roster = templates.load(Template::Roster).expect("roster");
        assert_eq!(roster.text, "自定义");
        assert_eq!(roster.dir.as_deref(), Some(dir.as_path()));
        let certificate = templates.load(Template::Certificate).expect("certificate");
        assert_eq!(certificate.text, Template::Certificate.builtin());
        assert!(certificate.dir.is_none());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_override_that_is_not_utf8_is_reported_with_its_path() {
        let dir = temp_dir("gbk");
        std::fs::write(dir.join("certificate.typ"), [0xd6, 0xd0, 0xff]).expect("write");
        let error = Templates::with_override_dir(&dir)
            .load(Template::Certificate)
            .err()
            .expect("refused");
        assert_eq!(error.code(), "PDF_TEMPLATE_UNREADABLE");
        assert!(error.to_string().contains("certificate.typ"), "{error}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
