//! Files attached to a class dossier: the approval letter, the budget, the printed plan.

use super::{load, visibility};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::AttachmentId;
use ganxun_domain::ClassId;
use ganxun_domain::Permission;
use ganxun_storage::classes::attachments::{self, AttachmentInfo};

/// The largest attachment accepted.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Kinds of file a dossier takes, by extension, with the type they are served as.
const KINDS: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("ofd", "application/ofd"),
    ("wps", "application/vnd.ms-works"),
];

/// The content type for a file name, or None for a kind the dossier does not take.
fn content_type(filename: &str) -> Option<&'static str> {
    let extension = filename.rsplit_once('.')?.1.to_ascii_lowercase();
    KINDS
        .iter()
        .find(|(ext, _)| *ext == extension)
        .map(|(_, t)| *t)
}

pub async fn list(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Vec<AttachmentInfo>> {
    let v = visibility(app, principal, Permission::ClassRead).await?;
    Ok(attachments::list(&app.db, &v, class_id).await?)
}

/// Attaches a file; those who draft or run the class may.
pub async fn add(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    filename: &str,
    data: Vec<u8>,
) -> AppResult<AttachmentInfo> {
    let permission = if principal.may(Permission::ClassWrite) {
        Permission::ClassWrite
    } else {
        Permission::ClassRun
    };
    load(app, principal, permission, class_id).await?;
    let filename = filename.trim();
    if filename.is_empty() || filename.chars().count() > 120 || filename.contains(['/', '\\']) {
        return Err(AppError::field(
            "filename",
            "FILENAME_INVALID",
            "文件名不能为空、不能含路径，且不超过 120 个字",
        ));
    }
    let content_type = content_type(filename).ok_or_else(|| {
        AppError::field(
            "filename",
            "FILE_TYPE_NOT_ALLOWED",
            "只能上传 PDF、OFD、图片（JPG/PNG）、Word、WPS 或 Excel 文件",
        )
    })?;
    if data.is_empty() || data.len() > MAX_BYTES {
        return Err(AppError::field(
            "body",
            "FILE_SIZE",
            "文件不能为空，且不超过 20 MB",
        ));
    }
    Ok(attachments::add(
        &app.db,
        &principal.actor(),
        app.now(),
        class_id,
        filename,
        content_type,
        data,
    )
    .await?)
}

pub async fn fetch(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    id: AttachmentId,
) -> AppResult<(AttachmentInfo, Vec<u8>)> {
    let v = visibility(app, principal, Permission::ClassRead).await?;
    Ok(attachments::fetch(&app.db, &v, class_id, id).await?)
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn only_document_kinds_are_taken() {
        assert_eq!(content_type("批复.PDF"), Some("application/pdf"));
        assert_eq!(
            content_type("预算.xlsx").map(|t| t.contains("spreadsheet")),
            Some(true)
        );
        assert_eq!(content_type("脚本.exe"), None);
        assert_eq!(content_type("无扩展名"), None);
    }
}
