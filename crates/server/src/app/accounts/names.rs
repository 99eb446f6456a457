//! The names people read for the usernames records keep (issue 17 item 5: reports named
//! `zzb` and `system:demo`): an account's name, 系统 for the server's own work, and the
//! username itself only for an account this database does not know.

use crate::app::{App, AppResult, Principal};
use ganxun_storage::accounts;
use std::collections::HashMap;

/// Usernames resolved to names, read once for a whole report.
#[derive(Debug, Clone, Default)]
pub struct Names(HashMap<String, String>);

impl Names {
    /// The name to show for `username`.
    pub fn of(&self, username: &str) -> String {
        if let Some(what) = username.strip_prefix("system:") {
            return match what {
                "demo" => "系统（演示数据）".to_owned(),
                "cli" => "系统（命令行）".to_owned(),
                _ => "系统".to_owned(),
            };
        }
        self.0
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_owned())
    }
}

/// Reads the names of these usernames.
pub async fn names_of<'a>(
    app: &App,
    usernames: impl IntoIterator<Item = &'a str>,
) -> AppResult<Names> {
    let mut wanted: Vec<String> = usernames
        .into_iter()
        .filter(|u| !u.starts_with("system:"))
        .map(str::to_owned)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    Ok(Names(accounts::display_names(&app.db, &wanted).await?))
}

/// The most usernames one page may ask about at once.
pub const MOST_ASKED: usize = 500;

/// The names a page shows for the usernames its records keep (`entered_by`, `decided_by` …):
/// for any signed-in caller, since the records that carry them were readable to them already.
/// Usernames nobody has are answered with themselves.
pub async fn lookup(
    app: &App,
    _principal: &Principal,
    usernames: &[String],
) -> AppResult<std::collections::BTreeMap<String, String>> {
    if usernames.len() > MOST_ASKED {
        return Err(crate::app::AppError::field(
            "usernames",
            "TOO_MANY_USERNAMES",
            format!("一次最多查询 {MOST_ASKED} 个账号的姓名"),
        ));
    }
    let names = names_of(app, usernames.iter().map(String::as_str)).await?;
    Ok(usernames.iter().map(|u| (u.clone(), names.of(u))).collect())
}

#[cfg(test)]
mod tests {
    use super::Names;

    #[test]
    fn the_server_is_named_in_words_and_unknown_accounts_keep_their_username() {
        let names = Names(
            [("zzb".to_owned(), "王芳".to_owned())]
                .into_iter()
                .collect(),
        );
        assert_eq!(names.of("zzb"), "王芳");
        assert_eq!(names.of("system:demo"), "系统（演示数据）");
        assert_eq!(names.of("system:compliance"), "系统");
        assert_eq!(names.of("gone"), "gone");
    }
}
