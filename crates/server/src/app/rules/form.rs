//! The rule editor's form (issue 17 item 4): a draft read as fields in the officer's words,
//! the form's changes written into the draft (comments kept), and what the kind's own check says
//! of the result, pointed at the field. Nothing is saved here; saving stays [`super::save`].

use super::kind;
use crate::app::{AppError, AppResult, Principal};
use ganxun_domain::Permission;
use ganxun_domain::rules::edit::{self, FormEdit};
use ganxun_domain::rules::form::{self, RuleForm};
use ganxun_domain::rules::problem;
use serde::Serialize;
use utoipa::ToSchema;

/// A draft as the form shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleFormView {
    /// The draft with the edits written in: what the text view shows and a save stores.
    pub body: String,
    /// The fields; none when the draft is not TOML (the text view says where it breaks).
    pub form: Option<RuleForm>,
    /// What the kind's check finds wrong with the draft, if anything.
    pub problem: Option<FormProblem>,
}

/// What is wrong with a draft, pointed at a field where that can be told.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormProblem {
    /// The check's stable code.
    pub code: String,
    /// In Chinese, with the fields called by their labels.
    pub message: String,
    /// The field it is about.
    pub path: Option<Vec<String>>,
}

/// `body` with `edits` written in, read as a form and checked; readable by anyone who reads
/// the rules (the save asks for more).
pub fn form(
    principal: &Principal,
    name: &str,
    body: &str,
    edits: &[FormEdit],
) -> AppResult<RuleFormView> {
    principal.require(Permission::ClassRead)?;
    let registered = kind(name)?;
    let body = edit::apply(body, edits).map_err(|e| AppError::field("edits", e.code(), e))?;
    let form = form::read(&body, registered.fields);
    let problem = (registered.check)(&body).err().map(|refused| match &form {
        Some(form) => {
            let pointed = problem::point(form, &refused.message);
            FormProblem {
                code: refused.code.to_owned(),
                message: pointed.message,
                path: pointed.path,
            }
        }
        None => FormProblem {
            code: refused.code.to_owned(),
            message: refused.message,
            path: None,
        },
    });
    Ok(RuleFormView {
        body,
        form,
        problem,
    })
}

#[cfg(test)]
mod tests {
    use super::super::kinds;
    use ganxun_domain::rules::form::{FieldInput, read, walk};

    /// No key of a built-in text reaches the screen as it is written: each has a label, and each
    /// code it holds is among its choices (so the form shows the choice's label).
    #[test]
    fn every_key_of_every_built_in_text_has_a_label_and_every_code_a_choice() {
        let mut missing = Vec::new();
        for registered in kinds() {
            let form = read(registered.built_in, registered.fields).expect(registered.kind);
            for field in walk(&form.fields) {
                let key = field.path.last().unwrap();
                let is_item = key.bytes().all(|b| b.is_ascii_digit());
                if !is_item && field.label_zh == *key {
                    missing.push(format!("{}: {}", registered.kind, field.path.join(".")));
                }
                let (codes, choices) = match &field.input {
                    FieldInput::Choice { value, choices } => (vec![value.clone()], choices),
                    FieldInput::Choices { value, choices } => (value.clone(), choices),
                    FieldInput::Texts { value } if value.iter().any(|v| v.is_ascii()) => {
                        missing.push(format!(
                            "{}: {} holds codes without choices",
                            registered.kind,
                            field.path.join(".")
                        ));
                        continue;
                    }
                    _ => continue,
                };
                for code in codes {
                    if !choices.iter().any(|c| c.code == code) {
                        missing.push(format!(
                            "{}: {} = {code}",
                            registered.kind,
                            field.path.join(".")
                        ));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }
}
