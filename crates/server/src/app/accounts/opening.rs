//! Trainee accounts opened in bulk from the register (issue 17 item 6, ADR 0022): everyone of a
//! unit, a class's roster or a selection, by the training authority or a unit administrator
//! (`account.open`) within their own scope. Each account gets the trainee role over its own
//! record only, a random first password that must be replaced at first sign-in, and is linked to
//! its person; nobody gets a second account. The first passwords exist in plain text only on the
//! batch's slips (Excel and PDF per unit), sealed with the data key for the opener to download
//! within an hour, then erased.

use crate::app::accounts::auth;
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::{AccountBatchId, AccountId};
use ganxun_domain::{ClassId, Permission, Role, Scope, ScopeKind, UnitId};
use ganxun_storage::accounts::Grant;
use ganxun_storage::accounts::opening::{self, Opening};
use ganxun_storage::people::{self, PeopleQuery, PersonView};
use ganxun_storage::{StoreError, org};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use utoipa::ToSchema;

/// How long the opener may download a batch's slips.
pub const SLIPS_MINUTES: i64 = 60;
/// At most this many people per batch: hashing each first password takes a moment.
pub const MAX_BATCH: usize = 1000;
/// The register is read a page of this many people at a time, at most `SCAN_PAGES` pages.
const PAGE: u64 = 500;
const SCAN_PAGES: u64 = 40;

/// Whom to open accounts for: exactly one of a unit, a class or a selection of people.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OpenAccountsInput {
    /// Everyone active in this unit.
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    /// With `unit_id`: also everyone in the units below it.
    #[serde(default)]
    pub include_subunits: bool,
    /// The trainees of this class (enrolled or waiting).
    #[schema(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    /// These people.
    #[serde(default)]
    #[schema(value_type = Vec<i64>)]
    pub person_ids: Vec<PersonId>,
    /// Only work out who would get an account and who would be skipped; nothing is written.
    #[serde(default)]
    pub preview: bool,
}

/// Why a person gets no account from this batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The person has an account already (named in `username`).
    HasAccount,
    /// The person has an account that is switched off: the system administrator switches it on.
    AccountInactive,
    /// The person left the register (transferred out, retired).
    PersonInactive,
    /// Not in the register, or outside the caller's scope (the same answer, ADR 0004).
    NotFound,
}

impl SkipReason {
    fn text(self, username: &str) -> String {
        match self {
            SkipReason::HasAccount => format!("已有账号（用户名 {username}），不再重复开通"),
            SkipReason::AccountInactive => {
                format!("已有账号（用户名 {username}）但已停用，请系统管理员启用")
            }
            SkipReason::PersonInactive => "该干部已不在册（调出或退休），不开通".to_owned(),
            SkipReason::NotFound => "记录不存在或不在您的管理范围内".to_owned(),
        }
    }
}

/// An account opened (or, in a preview, to be opened).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenedAccount {
    /// None in a preview.
    #[schema(value_type = Option<i64>)]
    pub account_id: Option<AccountId>,
    pub username: String,
    pub name: String,
    pub unit_name: String,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
}

/// A person skipped, with the reason in words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SkippedPerson {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub reason: SkipReason,
    /// The existing account's username, when there is one.
    pub username: Option<String>,
    /// The reason in Chinese.
    pub message: String,
}

/// What a batch did. The first passwords are not here: they are on the slips only.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenAccountsResult {
    pub preview: bool,
    /// The batch whose slips can be downloaded; None in a preview or when nobody was opened.
    #[schema(value_type = Option<i64>)]
    pub batch_id: Option<AccountBatchId>,
    /// Until when the slips can be downloaded.
    pub slips_until: Option<DateTime<Utc>>,
    pub opened: Vec<OpenedAccount>,
    pub skipped: Vec<SkippedPerson>,
}

/// One slip: what a trainee needs to sign in the first time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slip {
    pub name: String,
    pub unit: String,
    pub username: String,
    pub password: String,
}

/// A batch's slips as sealed: by unit, in the order of the register.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedSlips {
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    pub units: Vec<(String, Vec<Slip>)>,
}

/// The people a source names, in scope, and those it names out of scope or gone.
async fn people_of(
    app: &App,
    principal: &Principal,
    input: &OpenAccountsInput,
) -> AppResult<(Vec<PersonView>, Vec<SkippedPerson>)> {
    principal.require(Permission::AccountOpen)?;
    let sources = usize::from(input.unit_id.is_some())
        + usize::from(input.class_id.is_some())
        + usize::from(!input.person_ids.is_empty());
    if sources != 1 {
        return Err(AppError::field(
            "unit_id",
            "OPEN_ACCOUNTS_SOURCE",
            "请选择一种开通范围：一个单位、一个培训班或选定的人员",
        ));
    }
    let scope = principal.scope(app, Permission::AccountOpen).await?;
    let mut skipped = Vec::new();
    let mut named: Vec<PersonId> = Vec::new();
    if let Some(unit_id) = input.unit_id {
        org::get_unit(&app.db, &scope, unit_id).await?;
        let query = PeopleQuery {
            unit_subtree: Some(unit_id),
            ..PeopleQuery::default()
        };
        // The register has no "this unit only" filter: the subtree, page by page, kept to the
        // unit itself unless the units below are asked for too.
        let mut found: Vec<PersonView> = Vec::new();
        for page_no in 1..=SCAN_PAGES {
            let page = people::search(&app.db, &app.key, &scope, &query, page_no, PAGE).await?;
            let last = page.items.len() < PAGE as usize;
            found.extend(
                page.items
                    .into_iter()
                    .filter(|p| input.include_subunits || p.unit_id == unit_id),
            );
            if found.len() > MAX_BATCH {
                return Err(too_many());
            }
            if last {
                return Ok((found, skipped));
            }
        }
        return Err(too_many());
    }
    if let Some(class_id) = input.class_id {
        let roster = crate::app::classes::enrolment::roster(app, principal, class_id).await?;
        named = roster
            .into_iter()
            .filter(|r| {
                matches!(
                    r.status,
                    ganxun_domain::classes::EnrolmentStatus::Enrolled
                        | ganxun_domain::classes::EnrolmentStatus::Waiting
                )
            })
            .map(|r| r.person_id)
            .collect();
    }
    if !input.person_ids.is_empty() {
        named = input.person_ids.clone();
    }
    let mut seen = HashSet::new();
    named.retain(|id| seen.insert(*id));
    if named.len() > MAX_BATCH {
        return Err(too_many());
    }
    let mut found = Vec::with_capacity(named.len());
    for id in named {
        match people::get(&app.db, &scope, id).await {
            Ok(person) if person.active => found.push(person),
            Ok(person) => skipped.push(SkippedPerson {
                person_id: id,
                reason: SkipReason::PersonInactive,
                username: None,
                message: SkipReason::PersonInactive.text(""),
                name: person.name,
                unit_name: person.unit_name,
            }),
            Err(StoreError::NotFound) => skipped.push(SkippedPerson {
                person_id: id,
                name: String::new(),
                unit_name: String::new(),
                reason: SkipReason::NotFound,
                username: None,
                message: SkipReason::NotFound.text(""),
            }),
            Err(other) => return Err(other.into()),
        }
    }
    Ok((found, skipped))
}

fn too_many() -> AppError {
    AppError::field(
        "unit_id",
        "OPEN_ACCOUNTS_TOO_MANY",
        format!("一次最多开通 {MAX_BATCH} 个账号，请按下级单位分批开通"),
    )
}

/// A username from the name's initials and the person's number: `zs0123`, with a letter added
/// in the rare case it is taken.
fn username_for(person: &PersonView, taken: &HashSet<String>) -> String {
    let initials: String = person
        .name_initials
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .take(8)
        .collect();
    let initials = if initials.is_empty() {
        "xy".to_owned()
    } else {
        initials
    };
    let base = format!("{initials}{:04}", person.id);
    if !taken.contains(&base) {
        return base;
    }
    ('a'..='z')
        .map(|c| format!("{base}{c}"))
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| format!("{base}-{}", rand::thread_rng().gen_range(100..1000)))
}

/// Letters and digits nobody misreads on paper: no 0/O, 1/l/I.
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
const DIGITS: &[u8] = b"23456789";

/// A random first password of 12 characters with capitals, small letters and digits, which
/// both password profiles accept.
pub fn first_password() -> String {
    let mut rng = rand::rngs::OsRng;
    let all: Vec<u8> = [UPPER, LOWER, DIGITS].concat();
    loop {
        let password: String = (0..12)
            .map(|_| char::from(all[rng.gen_range(0..all.len())]))
            .collect();
        let has = |set: &[u8]| password.bytes().any(|b| set.contains(&b));
        if has(UPPER) && has(LOWER) && has(DIGITS) {
            return password;
        }
    }
}

/// Hashes the first passwords on every core: Argon2 takes a moment each.
async fn hash_all(passwords: Vec<String>) -> AppResult<Vec<String>> {
    tokio::task::spawn_blocking(move || {
        let threads = std::thread::available_parallelism()
            .map(std::num::NonZeroUsize::get)
            .unwrap_or(1)
            .max(1);
        let chunk = passwords.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = passwords
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|p| auth::hash_password(p))
                            .collect::<AppResult<Vec<String>>>()
                    })
                })
                .collect();
            let mut hashes = Vec::with_capacity(passwords.len());
            for handle in handles {
                let part = handle
                    .join()
                    .map_err(|_| AppError::Internal(anyhow::anyhow!("hashing thread failed")))??;
                hashes.extend(part);
            }
            Ok(hashes)
        })
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing task failed: {e}")))?
}

/// Opens trainee accounts for the people a source names (or previews it).
pub async fn open(
    app: &App,
    principal: &Principal,
    input: &OpenAccountsInput,
) -> AppResult<OpenAccountsResult> {
    let (people, mut skipped) = people_of(app, principal, input).await?;
    let ids: Vec<PersonId> = people.iter().map(|p| p.id).collect();
    let existing = opening::existing_of(&app.db, &ids).await?;
    let mut candidates = Vec::new();
    for person in people {
        match existing.get(&person.id) {
            Some(account) => {
                let reason = if account.active {
                    SkipReason::HasAccount
                } else {
                    SkipReason::AccountInactive
                };
                skipped.push(SkippedPerson {
                    person_id: person.id,
                    message: reason.text(&account.username),
                    reason,
                    username: Some(account.username.clone()),
                    name: person.name,
                    unit_name: person.unit_name,
                });
            }
            None => candidates.push(person),
        }
    }
    let wanted: Vec<String> = candidates
        .iter()
        .map(|p| username_for(p, &HashSet::new()))
        .collect();
    let mut taken = opening::taken_usernames(&app.db, &wanted).await?;
    let mut planned = Vec::with_capacity(candidates.len());
    for person in candidates {
        let username = username_for(&person, &taken);
        taken.insert(username.clone());
        planned.push((person, username));
    }
    if input.preview || planned.is_empty() {
        return Ok(OpenAccountsResult {
            preview: input.preview,
            batch_id: None,
            slips_until: None,
            opened: planned
                .into_iter()
                .map(|(p, username)| OpenedAccount {
                    account_id: None,
                    username,
                    name: p.name,
                    unit_name: p.unit_name,
                    person_id: p.id,
                })
                .collect(),
            skipped,
        });
    }
    let passwords: Vec<String> = planned.iter().map(|_| first_password()).collect();
    let hashes = hash_all(passwords.clone()).await?;
    let now = app.now();
    let mut units: BTreeMap<(String, i64), Vec<Slip>> = BTreeMap::new();
    let mut openings = Vec::with_capacity(planned.len());
    for ((person, username), (password, hash)) in
        planned.iter().zip(passwords.into_iter().zip(hashes))
    {
        units
            .entry((person.unit_name.clone(), person.unit_id.0))
            .or_default()
            .push(Slip {
                name: person.name.clone(),
                unit: person.unit_name.clone(),
                username: username.clone(),
                password,
            });
        openings.push(Opening {
            username: username.clone(),
            display_name: person.name.clone(),
            password_hash: hash,
            unit_id: person.unit_id,
            person_id: person.id,
            grant: Grant {
                role: Role::Trainee,
                scope: Scope::of(ScopeKind::SelfOnly),
            },
        });
    }
    let sealed = SealedSlips {
        opened_at: now,
        opened_by: principal.display_name.clone(),
        units: units.into_iter().map(|((name, _), s)| (name, s)).collect(),
    };
    let sealed = serde_json::to_string(&sealed)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("slips: {e}")))?;
    let slips_until = now + chrono::Duration::minutes(SLIPS_MINUTES);
    let outcome = opening::open(
        &app.db,
        &principal.actor(),
        now,
        openings,
        skipped.len(),
        app.key.seal(&sealed),
        slips_until,
    )
    .await?;
    let opened = outcome
        .opened
        .iter()
        .filter_map(|o| {
            planned
                .iter()
                .find(|(p, _)| p.id == o.person_id)
                .map(|(p, _)| OpenedAccount {
                    account_id: Some(o.account_id),
                    username: o.username.clone(),
                    name: p.name.clone(),
                    unit_name: p.unit_name.clone(),
                    person_id: p.id,
                })
        })
        .collect();
    Ok(OpenAccountsResult {
        preview: false,
        batch_id: Some(outcome.batch_id),
        slips_until: Some(slips_until),
        opened,
        skipped,
    })
}

/// The slips of a batch, for the account that opened it, within the hour.
pub async fn slips(
    app: &App,
    principal: &Principal,
    batch_id: AccountBatchId,
    format: &str,
) -> AppResult<SealedSlips> {
    principal.require(Permission::AccountOpen)?;
    let sealed = opening::slips(&app.db, &principal.actor(), app.now(), batch_id, format).await?;
    let text = app
        .key
        .open(&sealed)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("slips: {e}")))?;
    let slips: SealedSlips = serde_json::from_str(&text)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("slips: {e}")))?;
    Ok(slips)
}

/// Erases a batch's slips now (printed).
pub async fn discard_slips(
    app: &App,
    principal: &Principal,
    batch_id: AccountBatchId,
) -> AppResult<()> {
    principal.require(Permission::AccountOpen)?;
    Ok(opening::discard_slips(&app.db, &principal.actor(), app.now(), batch_id).await?)
}
